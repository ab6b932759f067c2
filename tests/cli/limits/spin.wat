;; `mosaic run -W timeout=...`: guests that never end, and one that does.
(module
  (memory (export "memory") 1)
  ;; _start: an endless loop.
  (func $spin (export "_start")
    (loop $again (br $again)))
  ;; tree(n) = n == 0 ? 0 : tree(n - 1) + tree(n - 1): 2^n calls and no loop.
  (func $tree (export "tree") (param $n i64) (result i64)
    (if (result i64) (i64.eqz (local.get $n))
      (then (i64.const 0))
      (else (i64.add (call $tree (i64.sub (local.get $n) (i64.const 1)))
                     (call $tree (i64.sub (local.get $n) (i64.const 1)))))))
  ;; count(n): 1 + 2 + ... + n, with a loop that ends.
  (func (export "count") (param $n i64) (result i64)
    (local $sum i64)
    (loop $again
      (local.set $sum (i64.add (local.get $sum) (local.get $n)))
      (local.set $n (i64.sub (local.get $n) (i64.const 1)))
      (br_if $again (i64.ne (local.get $n) (i64.const 0))))
    (local.get $sum))
  ;; grow(): memory.grow by one page: the old size in pages, or -1 past -W max-memory-size.
  (func (export "grow") (result i32)
    (memory.grow (i32.const 1))))
