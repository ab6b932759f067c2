;; Decodes but does not validate (converted with wat2wasm --no-check): the function returns an i64 as i32.
(module
  (func (result i32)
    (i64.const 0)))
