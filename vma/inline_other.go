//go:build !amd64

package vma

// atomicsInline is off: on the other architectures the read paths'
// increments and releases are the root package's assembly, a call
// whatever the caller inlines, and that code is what fencelab verify
// judges on their models.
const atomicsInline = false
