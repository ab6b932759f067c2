;; f32x4.max of a NaN lane (0xffffa87a, quiet): mosaic returns that NaN, V8 0xffc00000; both are arithmetic
;; NaNs, which the spec allows. run.py: nan-simd-minmax. Reduced from seed 100, module 11764.
(module
 (type $none_=>_i64 (func (result i64)))
 (export "func" (func $0))
 (func $0 (result i64)
  (local $0 i64)
  (i64x2.extract_lane 1
   (f32x4.max
    (v128.const i32x4 0x5c000000 0xc2940000 0xd2000000 0xffffa87a)
    (v128.const i32x4 0x00000001 0x00000000 0x00000000 0x00000000)
   )
  )
 )
)

