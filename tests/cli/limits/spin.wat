;; `mosaic run -W timeout=...` and the other -W limits: guests that never end, and ones that do.
(module
  (memory (export "memory") 1)
  (table $t 1 funcref)
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
    (memory.grow (i32.const 1)))
  ;; grow_all(): memory.grow by 256 pages until it returns -1, touching each new last page; then 1 if the
  ;; memory grew at all (under an address-space limit it grows as far as the host could reserve).
  (func (export "grow_all") (result i32)
    (block $done
      (loop $again
        (br_if $done (i32.eq (memory.grow (i32.const 256)) (i32.const -1)))
        (i32.store (i32.sub (i32.mul (memory.size) (i32.const 65536)) (i32.const 4)) (i32.const 1))
        (br $again)))
    (i32.gt_u (memory.size) (i32.const 1)))
  ;; table_grow(): table.grow by 10 elements: the old size, or -1 past -W max-table-elements.
  (func (export "table_grow") (result i32)
    (table.grow $t (ref.null func) (i32.const 10)))
  ;; deep(n) = n == 0 ? 0 : 1 + deep(n - 1): n frames deep, for -W max-wasm-stack.
  (func $deep (export "deep") (param $n i64) (result i64)
    (if (result i64) (i64.eqz (local.get $n))
      (then (i64.const 0))
      (else (i64.add (i64.const 1) (call $deep (i64.sub (local.get $n) (i64.const 1))))))))
