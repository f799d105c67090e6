#include "textflag.h"

// func windowIndexAVX2(data []byte, q int, t *windowTab) int
//
// Looks at 32 positions a round: for each of the window's three bytes, the
// low and the high nibble of the 32 bytes there pick a byte of search bits
// from the table (VPSHUFB), and the position is a candidate when some bit
// is left in all six. The table's layout is windowTab's: the six 32-byte
// nibble tables at 0, then 0x0f broadcast at 192.
TEXT ·windowIndexAVX2(SB), NOSPLIT, $0-48
	MOVQ data_base+0(FP), SI
	MOVQ data_len+8(FP), DX
	MOVQ q+24(FP), CX
	MOVQ t+32(FP), R8
	MOVQ DX, R11
	SUBQ $34, R11           // last q whose loads fit: len - 32 - (maxWindow-1)
	VMOVDQU 0(R8), Y8       // byte 0, low nibbles
	VMOVDQU 32(R8), Y9      // byte 0, high nibbles
	VMOVDQU 64(R8), Y10     // byte 1
	VMOVDQU 96(R8), Y11
	VMOVDQU 128(R8), Y12    // byte 2
	VMOVDQU 160(R8), Y13
	VMOVDQU 192(R8), Y15    // 0x0f
	VPXOR   Y14, Y14, Y14

loop:
	CMPQ CX, R11
	JGT  stop
	VMOVDQU (SI)(CX*1), Y0
	VPSRLW  $4, Y0, Y1
	VPAND   Y15, Y0, Y0
	VPAND   Y15, Y1, Y1
	VPSHUFB Y0, Y8, Y0
	VPSHUFB Y1, Y9, Y1
	VPAND   Y1, Y0, Y0
	VMOVDQU 1(SI)(CX*1), Y2
	VPSRLW  $4, Y2, Y3
	VPAND   Y15, Y2, Y2
	VPAND   Y15, Y3, Y3
	VPSHUFB Y2, Y10, Y2
	VPSHUFB Y3, Y11, Y3
	VPAND   Y3, Y2, Y2
	VPAND   Y2, Y0, Y0
	VMOVDQU 2(SI)(CX*1), Y2
	VPSRLW  $4, Y2, Y3
	VPAND   Y15, Y2, Y2
	VPAND   Y15, Y3, Y3
	VPSHUFB Y2, Y12, Y2
	VPSHUFB Y3, Y13, Y3
	VPAND   Y3, Y2, Y2
	VPAND   Y2, Y0, Y0
	VPTEST  Y0, Y0
	JNZ     found
	ADDQ    $32, CX
	JMP     loop

found:
	VPCMPEQB  Y14, Y0, Y0   // 0xff where no search is left
	VPMOVMSKB Y0, AX
	NOTL      AX
	BSFL      AX, AX
	ADDQ      CX, AX
	MOVQ      AX, ret+40(FP)
	VZEROUPPER
	RET

stop:
	NOTQ CX                 // -1 - q
	MOVQ CX, ret+40(FP)
	VZEROUPPER
	RET
