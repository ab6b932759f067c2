;; fib.wat: Fibonacci numbers with a loop, the example that `scripts/run-example.sh` runs:
;;
;;   build/mosaic run --invoke fib build/examples/fib.wasm 30      prints 832040
;;
;; fib(n) keeps the last two numbers in locals and steps n times; i64 holds fib(n) up to n = 92.
(module
  (func $fib (export "fib") (param $n i32) (result i64)
    (local $a i64)
    (local $b i64)
    (local $next i64)
    (local.set $b (i64.const 1))
    (block $done
      (loop $step
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $next (i64.add (local.get $a) (local.get $b)))
        (local.set $a (local.get $b))
        (local.set $b (local.get $next))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $step)))
    (local.get $a))

  ;; The sum of fib(0) .. fib(n), which is fib(n + 2) - 1: a second export to try with --invoke.
  (func (export "fib_sum") (param $n i32) (result i64)
    (i64.sub (call $fib (i32.add (local.get $n) (i32.const 2))) (i64.const 1))))
