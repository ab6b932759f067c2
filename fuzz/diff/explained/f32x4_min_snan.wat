;; f32x4.min of signaling NaN lanes (0xff810000): mosaic returns the input NaN quieted, V8 the canonical NaN;
;; both allowed. The store leaves the bits in memory. run.py: nan-simd-minmax. Reduced from seed 100, module 7680.
(module
 (type $none_=>_none (func))
 (memory $0 16 17)
 (export "func_2" (func $0))
 (export "memory" (memory $0))
 (func $0
  (v128.store offset=4 align=2
   (i32.const 1)
   (f32x4.min
    (v128.const i32x4 0x46a66400 0xcafffffe 0xc6a73c00 0x46ffff01)
    (v128.const i32x4 0xff810000 0x00000001 0xff9fd94b 0x003fffa9)
   )
  )
  (unreachable)
 )
)

