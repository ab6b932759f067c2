;; -W for components: an endless loop and memory.grow behind canon lift.
(component
  (core module $m
    (memory (export "memory") 1)
    (func (export "spin") (loop $again (br $again)))
    (func (export "grow") (result i32) (memory.grow (i32.const 1))))
  (core instance $i (instantiate $m))
  (func $spin (canon lift (core func $i "spin")))
  (func $grow (result s32) (canon lift (core func $i "grow")))
  (export "spin" (func $spin))
  (export "grow" (func $grow))
)
