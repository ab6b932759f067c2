;; A start function that never ends: -W timeout covers instantiation too.
(module
  (func $spin (loop $again (br $again)))
  (func (export "_start"))
  (start $spin))
