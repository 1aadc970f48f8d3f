package vma

// guessIdle: on amd64 a read lock's increment first tries the
// compare-and-swap from 1 to 2 (tryIdle), a LOCK CMPXCHGL that sync/atomic
// inlines and that waits for no load in front of it.
const guessIdle = true
