;; A component with imports, which `mosaic run` does not provide yet: the error lists them.
(component
  (import "log" (func $log (param "msg" string)))
  (import "local:cli/host" (instance $host (export "now" (func (result u64)))))
  (core module $m (func (export "run")))
  (core instance $i (instantiate $m))
  (func $run (canon lift (core func $i "run")))
  (export "run" (func $run))
)
