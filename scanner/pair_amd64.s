#include "textflag.h"

// func pairIndexAVX2(data []byte, q int, t *pairTab) int
TEXT ·pairIndexAVX2(SB), NOSPLIT, $0-48
	MOVQ data_base+0(FP), SI
	MOVQ data_len+8(FP), DX
	MOVQ q+24(FP), CX
	MOVQ t+32(FP), R8
	MOVQ 0(R8), R9          // k
	MOVQ 8(R8), R10         // lim
	MOVQ DX, R11
	SUBQ $32, R11
	SUBQ R10, R11           // last q whose two loads fit: len - 32 - lim
	VMOVDQU 112(R8), Y5     // 0x20 broadcast (search 0's second vector)

block:
	CMPQ CX, R11
	JGT  stop
	VMOVDQU (SI)(CX*1), Y0
	VPOR    Y5, Y0, Y0      // fold the first bytes once
	VPXOR   Y4, Y4, Y4
	XORQ    BX, BX
	LEAQ    80(R8), R12     // vec[0]
	LEAQ    16(R8), R13     // d[0]

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
	TESTL     AX, AX
	JNZ       found
	ADDQ      $32, CX
	JMP       block

found:
	BSFL AX, AX
	ADDQ CX, AX
	MOVQ AX, ret+40(FP)
	VZEROUPPER
	RET

stop:
	NOTQ CX                 // -1 - q
	MOVQ CX, ret+40(FP)
	VZEROUPPER
	RET
