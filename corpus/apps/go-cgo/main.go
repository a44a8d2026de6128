// zsum reports, for each argument (or each file with -f), its zlib CRC-32 and
// Adler-32 checksums and its size before and after zlib compression, using
// the system zlib through cgo.
package main

/*
#cgo LDFLAGS: -lz
#include <stdlib.h>
#include <zlib.h>

static int zsize(const unsigned char *src, unsigned long n, unsigned long *out) {
	unsigned long cap = compressBound(n);
	unsigned char *dst = malloc(cap ? cap : 1);
	if (dst == NULL) return Z_MEM_ERROR;
	int rc = compress2(dst, &cap, src, n, Z_BEST_COMPRESSION);
	free(dst);
	*out = cap;
	return rc;
}
*/
import "C"

import (
	"flag"
	"fmt"
	"os"
	"unsafe"
)

func sums(data []byte) (crc, adler uint32, packed uint64, err error) {
	var p *C.uchar
	if len(data) > 0 {
		p = (*C.uchar)(unsafe.Pointer(&data[0]))
	}
	n := C.uInt(len(data))
	crc = uint32(C.crc32(C.crc32(0, nil, 0), p, n))
	adler = uint32(C.adler32(C.adler32(0, nil, 0), p, n))
	cdata := C.CBytes(data)
	defer C.free(cdata)
	var out C.ulong
	if rc := C.zsize((*C.uchar)(cdata), C.ulong(len(data)), &out); rc != C.Z_OK {
		return 0, 0, 0, fmt.Errorf("compress2 failed: %d", int(rc))
	}
	return crc, adler, uint64(out), nil
}

func main() {
	files := flag.Bool("f", false, "arguments are file names")
	flag.Parse()
	fmt.Printf("zlib %s\n", C.GoString(C.zlibVersion()))
	for _, arg := range flag.Args() {
		data := []byte(arg)
		if *files {
			var err error
			if data, err = os.ReadFile(arg); err != nil {
				fmt.Fprintln(os.Stderr, "zsum:", err)
				os.Exit(1)
			}
		}
		crc, adler, packed, err := sums(data)
		if err != nil {
			fmt.Fprintln(os.Stderr, "zsum:", err)
			os.Exit(1)
		}
		fmt.Printf("crc32=%08x adler32=%08x size=%d deflated=%d  %s\n", crc, adler, len(data), packed, arg)
	}
}
