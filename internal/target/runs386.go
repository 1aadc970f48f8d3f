package target

import (
	"bytes"
	"debug/elf"
	"encoding/binary"
	"errors"
	"os"
	"os/exec"
	"runtime"
	"sync"
	"syscall"
	"time"
)

// runs386 reports whether this amd64 host runs 32-bit x86 binaries. Not
// every one does: a Linux kernel may be built or booted without its IA32
// emulation, and then exec of a 386 binary fails with "exec format error".
// On Linux it runs a 32-bit program that only exits (exit386, see
// runsExit386); Windows runs them (WOW64), and macOS has not since 10.15.
// The answer is found once.
var runs386 = sync.OnceValue(func() bool {
	switch runtime.GOOS {
	case "windows":
		return true
	case "linux":
		return runsExit386()
	}
	return false
})

// runsExit386 writes exit386 to a temporary file and runs it. Only "exec
// format error" says that the kernel runs no 32-bit binaries; where the
// probe cannot tell (the file cannot be written, or the temporary
// directory is mounted noexec), the host is taken to run them, as amd64
// hosts mostly do. A fork in another goroutine may hold the file open for
// writing a moment after it is closed ("text file busy"): that is tried
// again.
func runsExit386() bool {
	f, err := os.CreateTemp("", "runs386-")
	if err != nil {
		return true
	}
	defer os.Remove(f.Name())
	_, werr := f.Write(exit386())
	cerr := f.Close()
	if werr != nil || cerr != nil || os.Chmod(f.Name(), 0o755) != nil {
		return true
	}
	for try := 0; ; try++ {
		err := exec.Command(f.Name()).Run()
		if errors.Is(err, syscall.ETXTBSY) && try < 10 {
			time.Sleep(10 * time.Millisecond)
			continue
		}
		return !errors.Is(err, syscall.ENOEXEC)
	}
}

// exit386 is the smallest 32-bit x86 Linux program: an ELF header, one
// loadable segment, and the code of exit(0), the int 0x80 system call 1.
func exit386() []byte {
	const base = 0x08048000
	code := []byte{
		0xb8, 0x01, 0x00, 0x00, 0x00, // MOVL $1, AX: exit
		0x31, 0xdb, // XORL BX, BX: status 0
		0xcd, 0x80, // INT $0x80
	}
	hdrSize, progSize := binary.Size(elf.Header32{}), binary.Size(elf.Prog32{})
	size := uint32(hdrSize + progSize + len(code))
	var b bytes.Buffer
	hdr := elf.Header32{
		Type:      uint16(elf.ET_EXEC),
		Machine:   uint16(elf.EM_386),
		Version:   uint32(elf.EV_CURRENT),
		Entry:     base + uint32(hdrSize+progSize),
		Phoff:     uint32(hdrSize),
		Ehsize:    uint16(hdrSize),
		Phentsize: uint16(progSize),
		Phnum:     1,
	}
	copy(hdr.Ident[:], elf.ELFMAG)
	hdr.Ident[elf.EI_CLASS] = byte(elf.ELFCLASS32)
	hdr.Ident[elf.EI_DATA] = byte(elf.ELFDATA2LSB)
	hdr.Ident[elf.EI_VERSION] = byte(elf.EV_CURRENT)
	prog := elf.Prog32{
		Type:   uint32(elf.PT_LOAD),
		Vaddr:  base,
		Paddr:  base,
		Filesz: size,
		Memsz:  size,
		Flags:  uint32(elf.PF_R | elf.PF_X),
		Align:  0x1000,
	}
	binary.Write(&b, binary.LittleEndian, hdr)
	binary.Write(&b, binary.LittleEndian, prog)
	b.Write(code)
	return b.Bytes()
}
