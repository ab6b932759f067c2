;; Parameters and results of every number type, for `mosaic run` argument parsing and result printing.
(module
  (func (export "_start"))
  (func (export "id_i32") (param i32) (result i32) (local.get 0))
  (func (export "id_i64") (param i64) (result i64) (local.get 0))
  (func (export "id_f32") (param f32) (result f32) (local.get 0))
  (func (export "id_f64") (param f64) (result f64) (local.get 0))
  (func (export "swap") (param f32 f64) (result f64 f32) (local.get 1) (local.get 0))
  (func (export "lanes") (result v128) (v128.const i32x4 1 2 3 4))
  (func (export "id_v128") (param v128) (result v128) (local.get 0))
  (global (export "answer") i32 (i32.const 42)))
