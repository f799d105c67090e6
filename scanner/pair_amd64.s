#include "textflag.h"

// func pairIndexAVX2(data []byte, q int, t *pairTab) int
//
// Looks at 128 bytes a round while they fit, then at 32; the table's layout
// is pairTab's: k at 0, lim at 8, d at 16, vec at 80 (128 bytes a search:
// first byte, 0x20, second byte, 0x20, each broadcast).
TEXT ·pairIndexAVX2(SB), NOSPLIT, $0-48
	MOVQ data_base+0(FP), SI
	MOVQ data_len+8(FP), DX
	MOVQ q+24(FP), CX
	MOVQ t+32(FP), R8
	MOVQ 0(R8), R9          // k
	MOVQ 8(R8), R10         // lim
	MOVQ DX, R11
	SUBQ $32, R11
	SUBQ R10, R11           // last q whose 32-byte loads fit: len - 32 - lim
	MOVQ R11, R15
	SUBQ $96, R15           // last q whose 128-byte loads fit
	VMOVDQU 112(R8), Y5     // 0x20 broadcast (search 0's second vector)

wide4:
	CMPQ CX, R15
	JGT  narrow
	VMOVDQU (SI)(CX*1), Y0
	VPOR    Y5, Y0, Y0      // fold the first bytes once
	VMOVDQU 32(SI)(CX*1), Y1
	VPOR    Y5, Y1, Y1
	VMOVDQU 64(SI)(CX*1), Y2
	VPOR    Y5, Y2, Y2
	VMOVDQU 96(SI)(CX*1), Y3
	VPOR    Y5, Y3, Y3
	VPXOR   Y4, Y4, Y4
	VPXOR   Y6, Y6, Y6
	VPXOR   Y7, Y7, Y7
	VPXOR   Y8, Y8, Y8
	XORQ    BX, BX
	LEAQ    80(R8), R12     // vec[0]
	LEAQ    16(R8), R13     // d[0]

wide4inner:
	MOVQ     (R13)(BX*8), AX
	ADDQ     CX, AX
	VMOVDQU  (R12), Y10     // first byte
	VMOVDQU  64(R12), Y9    // second byte
	VMOVDQU  (SI)(AX*1), Y11
	VPOR     Y5, Y11, Y11
	VPCMPEQB Y9, Y11, Y11
	VPCMPEQB Y10, Y0, Y12
	VPAND    Y12, Y11, Y11
	VPOR     Y11, Y4, Y4
	VMOVDQU  32(SI)(AX*1), Y11
	VPOR     Y5, Y11, Y11
	VPCMPEQB Y9, Y11, Y11
	VPCMPEQB Y10, Y1, Y12
	VPAND    Y12, Y11, Y11
	VPOR     Y11, Y6, Y6
	VMOVDQU  64(SI)(AX*1), Y11
	VPOR     Y5, Y11, Y11
	VPCMPEQB Y9, Y11, Y11
	VPCMPEQB Y10, Y2, Y12
	VPAND    Y12, Y11, Y11
	VPOR     Y11, Y7, Y7
	VMOVDQU  96(SI)(AX*1), Y11
	VPOR     Y5, Y11, Y11
	VPCMPEQB Y9, Y11, Y11
	VPCMPEQB Y10, Y3, Y12
	VPAND    Y12, Y11, Y11
	VPOR     Y11, Y8, Y8
	ADDQ     $128, R12
	INCQ     BX
	CMPQ     BX, R9
	JLT      wide4inner

	VPOR      Y4, Y6, Y13
	VPOR      Y7, Y8, Y14
	VPOR      Y13, Y14, Y13
	VPTEST    Y13, Y13
	JNZ       found4
	ADDQ      $128, CX
	JMP       wide4

found4:
	VPMOVMSKB Y4, AX
	VPMOVMSKB Y6, DX
	SHLQ      $32, DX
	ORQ       DX, AX
	JNZ       found
	VPMOVMSKB Y7, AX
	VPMOVMSKB Y8, DX
	SHLQ      $32, DX
	ORQ       DX, AX
	ADDQ      $64, CX
	JMP       found

narrow:
	CMPQ CX, R11
	JGT  stop
	VMOVDQU (SI)(CX*1), Y0
	VPOR    Y5, Y0, Y0
	VPXOR   Y4, Y4, Y4
	XORQ    BX, BX
	LEAQ    80(R8), R12
	LEAQ    16(R8), R13

inner:
	MOVQ     (R13)(BX*8), AX
	ADDQ     CX, AX
	VMOVDQU  (SI)(AX*1), Y1
	VPOR     Y5, Y1, Y1
	VPCMPEQB (R12), Y0, Y2
	VPCMPEQB 64(R12), Y1, Y3
	VPAND    Y2, Y3, Y3
	VPOR     Y3, Y4, Y4
	ADDQ     $128, R12
	INCQ     BX
	CMPQ     BX, R9
	JLT      inner

	VPMOVMSKB Y4, AX
	TESTQ     AX, AX
	JNZ       found
	ADDQ      $32, CX
	JMP       narrow

found:
	BSFQ AX, AX
	ADDQ CX, AX
	MOVQ AX, ret+40(FP)
	VZEROUPPER
	RET

stop:
	NOTQ CX                 // -1 - q
	MOVQ CX, ret+40(FP)
	VZEROUPPER
	RET
