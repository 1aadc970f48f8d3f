//go:build !weaken_startread_acquire && !weaken_recheck_acquire && !weaken_readmit_release && !weaken_attach_release && !weaken_waitfor_mb && !weaken_wake_mb && !weaken_seqbegin_wmb && !weaken_endwriteall_wmb && !weaken_retry_rmb && !weaken_endread_release && !weaken_waitfor_acquire && !weaken_trybegin_acquire && !weaken_rwsem_tryread_acquire && !weaken_rwsem_unlock_release && !weaken_rwsem_endread_release && !weaken_detach_acquire && !weaken_detach_zero_rmb && !weaken_fetchadd_acquire && !weaken_fetchadd_release && !weaken_fetchadd_attach_release && !weaken_fetchadd_detach_acquire && !weaken_fetchadd_readmit_release && !weaken_rwsem_seq_acquire

package vma

// weakened is the ordering this build weakens: none (see ordering).
const weakened = orderNone
