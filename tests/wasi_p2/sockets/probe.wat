;; The sockets probe: a component that imports wasi:sockets (tcp, udp, ip-name-lookup, instance-network) and
;; wasi:io, and exports small functions that each try one thing on loopback and return what happened (see
;; src/probe.wit). Generated from src/probe-core.wat and src/probe.wit with jco (wasm-tools):
;;   jco parse src/probe-core.wat -o core.wasm
;;   jco embed core.wasm --wit DIR -n probe -o embed.wasm   (DIR: src/probe.wit and deps/{sockets,io,clocks}
;;                                                           from wit/wasi-0.2.12)
;;   jco new embed.wasm -o probe.wasm && jco print probe.wasm
;; and converted back to a binary at build time (tests/wasi_p2/sockets.cmake).
(component
  (type $ty-wasi:sockets/network@0.2.12 (;0;)
    (instance
      (export (;0;) "network" (type (sub resource)))
      (type (;1;) (enum "ipv4" "ipv6"))
      (export (;2;) "ip-address-family" (type (eq 1)))
      (type (;3;) (enum "unknown" "access-denied" "not-supported" "invalid-argument" "out-of-memory" "timeout" "concurrency-conflict" "not-in-progress" "would-block" "invalid-state" "new-socket-limit" "address-not-bindable" "address-in-use" "remote-unreachable" "connection-refused" "connection-reset" "connection-aborted" "datagram-too-large" "name-unresolvable" "temporary-resolver-failure" "permanent-resolver-failure"))
      (export (;4;) "error-code" (type (eq 3)))
      (type (;5;) (tuple u8 u8 u8 u8))
      (export (;6;) "ipv4-address" (type (eq 5)))
      (type (;7;) (record (field "port" u16) (field "address" 6)))
      (export (;8;) "ipv4-socket-address" (type (eq 7)))
      (type (;9;) (tuple u16 u16 u16 u16 u16 u16 u16 u16))
      (export (;10;) "ipv6-address" (type (eq 9)))
      (type (;11;) (record (field "port" u16) (field "flow-info" u32) (field "address" 10) (field "scope-id" u32)))
      (export (;12;) "ipv6-socket-address" (type (eq 11)))
      (type (;13;) (variant (case "ipv4" 8) (case "ipv6" 12)))
      (export (;14;) "ip-socket-address" (type (eq 13)))
      (type (;15;) (variant (case "ipv4" 6) (case "ipv6" 10)))
      (export (;16;) "ip-address" (type (eq 15)))
    )
  )
  (import "wasi:sockets/network@0.2.12" (instance $wasi:sockets/network@0.2.12 (;0;) (type $ty-wasi:sockets/network@0.2.12)))
  (alias export $wasi:sockets/network@0.2.12 "network" (type $network (;1;)))
  (type $ty-wasi:sockets/instance-network@0.2.12 (;2;)
    (instance
      (alias outer 1 $network (type (;0;)))
      (export (;1;) "network" (type (eq 0)))
      (type (;2;) (own 1))
      (type (;3;) (func (result 2)))
      (export (;0;) "instance-network" (func (type 3)))
    )
  )
  (import "wasi:sockets/instance-network@0.2.12" (instance $wasi:sockets/instance-network@0.2.12 (;1;) (type $ty-wasi:sockets/instance-network@0.2.12)))
  (type $ty-wasi:io/error@0.2.12 (;3;)
    (instance
      (export (;0;) "error" (type (sub resource)))
    )
  )
  (import "wasi:io/error@0.2.12" (instance $wasi:io/error@0.2.12 (;2;) (type $ty-wasi:io/error@0.2.12)))
  (type $ty-wasi:io/poll@0.2.12 (;4;)
    (instance
      (export (;0;) "pollable" (type (sub resource)))
      (type (;1;) (borrow 0))
      (type (;2;) (func (param "self" 1)))
      (export (;0;) "[method]pollable.block" (func (type 2)))
    )
  )
  (import "wasi:io/poll@0.2.12" (instance $wasi:io/poll@0.2.12 (;3;) (type $ty-wasi:io/poll@0.2.12)))
  (alias export $wasi:io/error@0.2.12 "error" (type $error (;5;)))
  (type $ty-wasi:io/streams@0.2.12 (;6;)
    (instance
      (export (;0;) "input-stream" (type (sub resource)))
      (export (;1;) "output-stream" (type (sub resource)))
      (alias outer 1 $error (type (;2;)))
      (export (;3;) "error" (type (eq 2)))
      (type (;4;) (own 3))
      (type (;5;) (variant (case "last-operation-failed" 4) (case "closed")))
      (export (;6;) "stream-error" (type (eq 5)))
      (type (;7;) (borrow 0))
      (type (;8;) (list u8))
      (type (;9;) (result 8 (error 6)))
      (type (;10;) (func (param "self" 7) (param "len" u64) (result 9)))
      (export (;0;) "[method]input-stream.blocking-read" (func (type 10)))
      (type (;11;) (borrow 1))
      (type (;12;) (result (error 6)))
      (type (;13;) (func (param "self" 11) (param "contents" 8) (result 12)))
      (export (;1;) "[method]output-stream.blocking-write-and-flush" (func (type 13)))
    )
  )
  (import "wasi:io/streams@0.2.12" (instance $wasi:io/streams@0.2.12 (;4;) (type $ty-wasi:io/streams@0.2.12)))
  (alias export $wasi:sockets/network@0.2.12 "network" (type $"#type7 network" (@name "network") (;7;)))
  (alias export $wasi:sockets/network@0.2.12 "ip-socket-address" (type $ip-socket-address (;8;)))
  (alias export $wasi:sockets/network@0.2.12 "error-code" (type $error-code (;9;)))
  (alias export $wasi:io/streams@0.2.12 "input-stream" (type $input-stream (;10;)))
  (alias export $wasi:io/streams@0.2.12 "output-stream" (type $output-stream (;11;)))
  (alias export $wasi:io/poll@0.2.12 "pollable" (type $pollable (;12;)))
  (type $ty-wasi:sockets/tcp@0.2.12 (;13;)
    (instance
      (export (;0;) "tcp-socket" (type (sub resource)))
      (alias outer 1 $"#type7 network" (type (;1;)))
      (export (;2;) "network" (type (eq 1)))
      (alias outer 1 $ip-socket-address (type (;3;)))
      (export (;4;) "ip-socket-address" (type (eq 3)))
      (alias outer 1 $error-code (type (;5;)))
      (export (;6;) "error-code" (type (eq 5)))
      (alias outer 1 $input-stream (type (;7;)))
      (export (;8;) "input-stream" (type (eq 7)))
      (alias outer 1 $output-stream (type (;9;)))
      (export (;10;) "output-stream" (type (eq 9)))
      (alias outer 1 $pollable (type (;11;)))
      (export (;12;) "pollable" (type (eq 11)))
      (type (;13;) (borrow 0))
      (type (;14;) (borrow 2))
      (type (;15;) (result (error 6)))
      (type (;16;) (func (param "self" 13) (param "network" 14) (param "local-address" 4) (result 15)))
      (export (;0;) "[method]tcp-socket.start-bind" (func (type 16)))
      (type (;17;) (func (param "self" 13) (result 15)))
      (export (;1;) "[method]tcp-socket.finish-bind" (func (type 17)))
      (type (;18;) (func (param "self" 13) (param "network" 14) (param "remote-address" 4) (result 15)))
      (export (;2;) "[method]tcp-socket.start-connect" (func (type 18)))
      (type (;19;) (own 8))
      (type (;20;) (own 10))
      (type (;21;) (tuple 19 20))
      (type (;22;) (result 21 (error 6)))
      (type (;23;) (func (param "self" 13) (result 22)))
      (export (;3;) "[method]tcp-socket.finish-connect" (func (type 23)))
      (export (;4;) "[method]tcp-socket.start-listen" (func (type 17)))
      (export (;5;) "[method]tcp-socket.finish-listen" (func (type 17)))
      (type (;24;) (own 0))
      (type (;25;) (tuple 24 19 20))
      (type (;26;) (result 25 (error 6)))
      (type (;27;) (func (param "self" 13) (result 26)))
      (export (;6;) "[method]tcp-socket.accept" (func (type 27)))
      (type (;28;) (result 4 (error 6)))
      (type (;29;) (func (param "self" 13) (result 28)))
      (export (;7;) "[method]tcp-socket.local-address" (func (type 29)))
      (type (;30;) (own 12))
      (type (;31;) (func (param "self" 13) (result 30)))
      (export (;8;) "[method]tcp-socket.subscribe" (func (type 31)))
    )
  )
  (import "wasi:sockets/tcp@0.2.12" (instance $wasi:sockets/tcp@0.2.12 (;5;) (type $ty-wasi:sockets/tcp@0.2.12)))
  (alias export $wasi:sockets/network@0.2.12 "ip-address-family" (type $ip-address-family (;14;)))
  (alias export $wasi:sockets/tcp@0.2.12 "tcp-socket" (type $tcp-socket (;15;)))
  (alias export $wasi:sockets/network@0.2.12 "error-code" (type $"#type16 error-code" (@name "error-code") (;16;)))
  (type $ty-wasi:sockets/tcp-create-socket@0.2.12 (;17;)
    (instance
      (alias outer 1 $ip-address-family (type (;0;)))
      (export (;1;) "ip-address-family" (type (eq 0)))
      (alias outer 1 $tcp-socket (type (;2;)))
      (export (;3;) "tcp-socket" (type (eq 2)))
      (alias outer 1 $"#type16 error-code" (type (;4;)))
      (export (;5;) "error-code" (type (eq 4)))
      (type (;6;) (own 3))
      (type (;7;) (result 6 (error 5)))
      (type (;8;) (func (param "address-family" 1) (result 7)))
      (export (;0;) "create-tcp-socket" (func (type 8)))
    )
  )
  (import "wasi:sockets/tcp-create-socket@0.2.12" (instance $wasi:sockets/tcp-create-socket@0.2.12 (;6;) (type $ty-wasi:sockets/tcp-create-socket@0.2.12)))
  (alias export $wasi:sockets/network@0.2.12 "network" (type $"#type18 network" (@name "network") (;18;)))
  (alias export $wasi:sockets/network@0.2.12 "ip-socket-address" (type $"#type19 ip-socket-address" (@name "ip-socket-address") (;19;)))
  (alias export $wasi:sockets/network@0.2.12 "error-code" (type $"#type20 error-code" (@name "error-code") (;20;)))
  (alias export $wasi:io/poll@0.2.12 "pollable" (type $"#type21 pollable" (@name "pollable") (;21;)))
  (type $ty-wasi:sockets/udp@0.2.12 (;22;)
    (instance
      (export (;0;) "udp-socket" (type (sub resource)))
      (alias outer 1 $"#type18 network" (type (;1;)))
      (export (;2;) "network" (type (eq 1)))
      (alias outer 1 $"#type19 ip-socket-address" (type (;3;)))
      (export (;4;) "ip-socket-address" (type (eq 3)))
      (alias outer 1 $"#type20 error-code" (type (;5;)))
      (export (;6;) "error-code" (type (eq 5)))
      (export (;7;) "incoming-datagram-stream" (type (sub resource)))
      (export (;8;) "outgoing-datagram-stream" (type (sub resource)))
      (type (;9;) (list u8))
      (type (;10;) (record (field "data" 9) (field "remote-address" 4)))
      (export (;11;) "incoming-datagram" (type (eq 10)))
      (alias outer 1 $"#type21 pollable" (type (;12;)))
      (export (;13;) "pollable" (type (eq 12)))
      (type (;14;) (option 4))
      (type (;15;) (record (field "data" 9) (field "remote-address" 14)))
      (export (;16;) "outgoing-datagram" (type (eq 15)))
      (type (;17;) (borrow 0))
      (type (;18;) (borrow 2))
      (type (;19;) (result (error 6)))
      (type (;20;) (func (param "self" 17) (param "network" 18) (param "local-address" 4) (result 19)))
      (export (;0;) "[method]udp-socket.start-bind" (func (type 20)))
      (type (;21;) (func (param "self" 17) (result 19)))
      (export (;1;) "[method]udp-socket.finish-bind" (func (type 21)))
      (type (;22;) (own 7))
      (type (;23;) (own 8))
      (type (;24;) (tuple 22 23))
      (type (;25;) (result 24 (error 6)))
      (type (;26;) (func (param "self" 17) (param "remote-address" 14) (result 25)))
      (export (;2;) "[method]udp-socket.stream" (func (type 26)))
      (type (;27;) (result 4 (error 6)))
      (type (;28;) (func (param "self" 17) (result 27)))
      (export (;3;) "[method]udp-socket.local-address" (func (type 28)))
      (type (;29;) (borrow 7))
      (type (;30;) (list 11))
      (type (;31;) (result 30 (error 6)))
      (type (;32;) (func (param "self" 29) (param "max-results" u64) (result 31)))
      (export (;4;) "[method]incoming-datagram-stream.receive" (func (type 32)))
      (type (;33;) (own 13))
      (type (;34;) (func (param "self" 29) (result 33)))
      (export (;5;) "[method]incoming-datagram-stream.subscribe" (func (type 34)))
      (type (;35;) (borrow 8))
      (type (;36;) (result u64 (error 6)))
      (type (;37;) (func (param "self" 35) (result 36)))
      (export (;6;) "[method]outgoing-datagram-stream.check-send" (func (type 37)))
      (type (;38;) (list 16))
      (type (;39;) (func (param "self" 35) (param "datagrams" 38) (result 36)))
      (export (;7;) "[method]outgoing-datagram-stream.send" (func (type 39)))
    )
  )
  (import "wasi:sockets/udp@0.2.12" (instance $wasi:sockets/udp@0.2.12 (;7;) (type $ty-wasi:sockets/udp@0.2.12)))
  (alias export $wasi:sockets/network@0.2.12 "ip-address-family" (type $"#type23 ip-address-family" (@name "ip-address-family") (;23;)))
  (alias export $wasi:sockets/udp@0.2.12 "udp-socket" (type $udp-socket (;24;)))
  (alias export $wasi:sockets/network@0.2.12 "error-code" (type $"#type25 error-code" (@name "error-code") (;25;)))
  (type $ty-wasi:sockets/udp-create-socket@0.2.12 (;26;)
    (instance
      (alias outer 1 $"#type23 ip-address-family" (type (;0;)))
      (export (;1;) "ip-address-family" (type (eq 0)))
      (alias outer 1 $udp-socket (type (;2;)))
      (export (;3;) "udp-socket" (type (eq 2)))
      (alias outer 1 $"#type25 error-code" (type (;4;)))
      (export (;5;) "error-code" (type (eq 4)))
      (type (;6;) (own 3))
      (type (;7;) (result 6 (error 5)))
      (type (;8;) (func (param "address-family" 1) (result 7)))
      (export (;0;) "create-udp-socket" (func (type 8)))
    )
  )
  (import "wasi:sockets/udp-create-socket@0.2.12" (instance $wasi:sockets/udp-create-socket@0.2.12 (;8;) (type $ty-wasi:sockets/udp-create-socket@0.2.12)))
  (alias export $wasi:sockets/network@0.2.12 "network" (type $"#type27 network" (@name "network") (;27;)))
  (alias export $wasi:sockets/network@0.2.12 "error-code" (type $"#type28 error-code" (@name "error-code") (;28;)))
  (alias export $wasi:sockets/network@0.2.12 "ip-address" (type $ip-address (;29;)))
  (type $ty-wasi:sockets/ip-name-lookup@0.2.12 (;30;)
    (instance
      (alias outer 1 $"#type27 network" (type (;0;)))
      (export (;1;) "network" (type (eq 0)))
      (export (;2;) "resolve-address-stream" (type (sub resource)))
      (alias outer 1 $"#type28 error-code" (type (;3;)))
      (export (;4;) "error-code" (type (eq 3)))
      (alias outer 1 $ip-address (type (;5;)))
      (export (;6;) "ip-address" (type (eq 5)))
      (type (;7;) (borrow 2))
      (type (;8;) (option 6))
      (type (;9;) (result 8 (error 4)))
      (type (;10;) (func (param "self" 7) (result 9)))
      (export (;0;) "[method]resolve-address-stream.resolve-next-address" (func (type 10)))
      (type (;11;) (borrow 1))
      (type (;12;) (own 2))
      (type (;13;) (result 12 (error 4)))
      (type (;14;) (func (param "network" 11) (param "name" string) (result 13)))
      (export (;1;) "resolve-addresses" (func (type 14)))
    )
  )
  (import "wasi:sockets/ip-name-lookup@0.2.12" (instance $wasi:sockets/ip-name-lookup@0.2.12 (;9;) (type $ty-wasi:sockets/ip-name-lookup@0.2.12)))
  (core module $main (;0;)
    (type (;0;) (func (result i32)))
    (type (;1;) (func (param i32)))
    (type (;2;) (func (param i32 i32)))
    (type (;3;) (func (param i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32)))
    (type (;4;) (func (param i32) (result i32)))
    (type (;5;) (func (param i32 i64 i32)))
    (type (;6;) (func (param i32 i32 i32 i32)))
    (type (;7;) (func (param i32 i32 i32 i32) (result i32)))
    (type (;8;) (func (param i32 i32) (result i32)))
    (import "wasi:sockets/instance-network@0.2.12" "instance-network" (func $instance-network (;0;) (type 0)))
    (import "wasi:sockets/network@0.2.12" "[resource-drop]network" (func $drop-network (;1;) (type 1)))
    (import "wasi:sockets/tcp-create-socket@0.2.12" "create-tcp-socket" (func $create-tcp-socket (;2;) (type 2)))
    (import "wasi:sockets/tcp@0.2.12" "[method]tcp-socket.start-bind" (func $tcp-start-bind (;3;) (type 3)))
    (import "wasi:sockets/tcp@0.2.12" "[method]tcp-socket.finish-bind" (func $tcp-finish-bind (;4;) (type 2)))
    (import "wasi:sockets/tcp@0.2.12" "[method]tcp-socket.start-connect" (func $tcp-start-connect (;5;) (type 3)))
    (import "wasi:sockets/tcp@0.2.12" "[method]tcp-socket.finish-connect" (func $tcp-finish-connect (;6;) (type 2)))
    (import "wasi:sockets/tcp@0.2.12" "[method]tcp-socket.start-listen" (func $tcp-start-listen (;7;) (type 2)))
    (import "wasi:sockets/tcp@0.2.12" "[method]tcp-socket.finish-listen" (func $tcp-finish-listen (;8;) (type 2)))
    (import "wasi:sockets/tcp@0.2.12" "[method]tcp-socket.accept" (func $tcp-accept (;9;) (type 2)))
    (import "wasi:sockets/tcp@0.2.12" "[method]tcp-socket.local-address" (func $tcp-local-address (;10;) (type 2)))
    (import "wasi:sockets/tcp@0.2.12" "[method]tcp-socket.subscribe" (func $tcp-subscribe (;11;) (type 4)))
    (import "wasi:sockets/tcp@0.2.12" "[resource-drop]tcp-socket" (func $drop-tcp (;12;) (type 1)))
    (import "wasi:sockets/udp-create-socket@0.2.12" "create-udp-socket" (func $create-udp-socket (;13;) (type 2)))
    (import "wasi:sockets/udp@0.2.12" "[method]udp-socket.start-bind" (func $udp-start-bind (;14;) (type 3)))
    (import "wasi:sockets/udp@0.2.12" "[method]udp-socket.finish-bind" (func $udp-finish-bind (;15;) (type 2)))
    (import "wasi:sockets/udp@0.2.12" "[method]udp-socket.stream" (func $udp-stream (;16;) (type 3)))
    (import "wasi:sockets/udp@0.2.12" "[method]udp-socket.local-address" (func $udp-local-address (;17;) (type 2)))
    (import "wasi:sockets/udp@0.2.12" "[method]incoming-datagram-stream.receive" (func $udp-receive (;18;) (type 5)))
    (import "wasi:sockets/udp@0.2.12" "[method]incoming-datagram-stream.subscribe" (func $udp-in-subscribe (;19;) (type 4)))
    (import "wasi:sockets/udp@0.2.12" "[method]outgoing-datagram-stream.check-send" (func $udp-check-send (;20;) (type 2)))
    (import "wasi:sockets/udp@0.2.12" "[method]outgoing-datagram-stream.send" (func $udp-send (;21;) (type 6)))
    (import "wasi:sockets/udp@0.2.12" "[resource-drop]udp-socket" (func $drop-udp (;22;) (type 1)))
    (import "wasi:sockets/udp@0.2.12" "[resource-drop]incoming-datagram-stream" (func $drop-incoming (;23;) (type 1)))
    (import "wasi:sockets/udp@0.2.12" "[resource-drop]outgoing-datagram-stream" (func $drop-outgoing (;24;) (type 1)))
    (import "wasi:sockets/ip-name-lookup@0.2.12" "resolve-addresses" (func $resolve-addresses (;25;) (type 6)))
    (import "wasi:sockets/ip-name-lookup@0.2.12" "[method]resolve-address-stream.resolve-next-address" (func $resolve-next-address (;26;) (type 2)))
    (import "wasi:io/poll@0.2.12" "[method]pollable.block" (func $block (;27;) (type 1)))
    (import "wasi:io/poll@0.2.12" "[resource-drop]pollable" (func $drop-pollable (;28;) (type 1)))
    (import "wasi:io/streams@0.2.12" "[method]output-stream.blocking-write-and-flush" (func $blocking-write-and-flush (;29;) (type 6)))
    (import "wasi:io/streams@0.2.12" "[method]input-stream.blocking-read" (func $blocking-read (;30;) (type 5)))
    (import "wasi:io/streams@0.2.12" "[resource-drop]input-stream" (func $drop-input (;31;) (type 1)))
    (import "wasi:io/streams@0.2.12" "[resource-drop]output-stream" (func $drop-output (;32;) (type 1)))
    (memory (;0;) 1)
    (global $heap (;0;) (mut i32) i32.const 4096)
    (export "memory" (memory 0))
    (export "cabi_realloc" (func 33))
    (export "mosaic:sockets-probe/calls#create-tcp" (func 44))
    (export "mosaic:sockets-probe/calls#create-udp" (func 45))
    (export "mosaic:sockets-probe/calls#tcp-bind" (func 46))
    (export "mosaic:sockets-probe/calls#tcp-listen-unbound" (func 47))
    (export "mosaic:sockets-probe/calls#tcp-finish-bind-early" (func 48))
    (export "mosaic:sockets-probe/calls#tcp-connect" (func 49))
    (export "mosaic:sockets-probe/calls#tcp-round-trip" (func 51))
    (export "mosaic:sockets-probe/calls#udp-bind" (func 52))
    (export "mosaic:sockets-probe/calls#udp-round-trip" (func 53))
    (export "mosaic:sockets-probe/calls#resolve" (func 54))
    (func (;33;) (type 7) (param $old i32) (param $old_size i32) (param $align i32) (param $size i32) (result i32)
      (local $p i32)
      global.get $heap
      local.get $align
      i32.const 1
      i32.sub
      i32.add
      i32.const 0
      local.get $align
      i32.sub
      i32.and
      local.set $p
      local.get $p
      local.get $size
      i32.add
      global.set $heap
      global.get $heap
      memory.size
      i32.const 65536
      i32.mul
      i32.gt_u
      if ;; label = @1
        i32.const 1
        memory.grow
        i32.const -1
        i32.eq
        if ;; label = @2
          unreachable
        end
      end
      local.get $old_size
      if ;; label = @1
        local.get $p
        local.get $old
        local.get $old_size
        memory.copy
      end
      local.get $p
    )
    (func $ok (;34;) (type 0) (result i32)
      i32.const 768
      i32.const 0
      i32.store8
      i32.const 768
    )
    (func $err (;35;) (type 4) (param $code i32) (result i32)
      i32.const 768
      i32.const 1
      i32.store8
      i32.const 769
      local.get $code
      i32.store8
      i32.const 768
    )
    (func $err4 (;36;) (type 4) (param $code i32) (result i32)
      i32.const 768
      i32.const 1
      i32.store8
      i32.const 772
      local.get $code
      i32.store8
      i32.const 768
    )
    (func $failed (;37;) (type 0) (result i32)
      i32.const 256
      i32.load8_u
    )
    (func $code1 (;38;) (type 0) (result i32)
      i32.const 257
      i32.load8_u
    )
    (func $code4 (;39;) (type 0) (result i32)
      i32.const 260
      i32.load8_u
    )
    (func $wait (;40;) (type 1) (param $p i32)
      local.get $p
      call $block
      local.get $p
      call $drop-pollable
    )
    (func $new-tcp (;41;) (type 0) (result i32)
      i32.const 0
      i32.const 256
      call $create-tcp-socket
      call $failed
      if ;; label = @1
        i32.const -1
        call $code4
        i32.sub
        return
      end
      i32.const 260
      i32.load
    )
    (func $bound-tcp (;42;) (type 4) (param $net i32) (result i32)
      (local $s i32)
      call $new-tcp
      local.set $s
      local.get $s
      i32.const 0
      i32.lt_s
      if ;; label = @1
        local.get $s
        return
      end
      local.get $s
      local.get $net
      i32.const 0
      i32.const 0
      i32.const 127
      i32.const 0
      i32.const 0
      i32.const 1
      i32.const 0
      i32.const 0
      i32.const 0
      i32.const 0
      i32.const 0
      i32.const 0
      i32.const 256
      call $tcp-start-bind
      call $failed
      if ;; label = @1
        i32.const -1
        call $code1
        i32.sub
        return
      end
      local.get $s
      i32.const 256
      call $tcp-finish-bind
      call $failed
      if ;; label = @1
        i32.const -1
        call $code1
        i32.sub
        return
      end
      local.get $s
    )
    (func $bound-udp (;43;) (type 4) (param $net i32) (result i32)
      (local $s i32)
      i32.const 0
      i32.const 256
      call $create-udp-socket
      call $failed
      if ;; label = @1
        i32.const -1
        call $code4
        i32.sub
        return
      end
      i32.const 260
      i32.load
      local.set $s
      local.get $s
      local.get $net
      i32.const 0
      i32.const 0
      i32.const 127
      i32.const 0
      i32.const 0
      i32.const 1
      i32.const 0
      i32.const 0
      i32.const 0
      i32.const 0
      i32.const 0
      i32.const 0
      i32.const 256
      call $udp-start-bind
      call $failed
      if ;; label = @1
        i32.const -1
        call $code1
        i32.sub
        return
      end
      local.get $s
      i32.const 256
      call $udp-finish-bind
      call $failed
      if ;; label = @1
        i32.const -1
        call $code1
        i32.sub
        return
      end
      local.get $s
    )
    (func (;44;) (type 0) (result i32)
      (local $s i32)
      call $new-tcp
      local.set $s
      local.get $s
      i32.const 0
      i32.lt_s
      if ;; label = @1
        i32.const -1
        local.get $s
        i32.sub
        call $err
        return
      end
      local.get $s
      call $drop-tcp
      call $ok
    )
    (func (;45;) (type 0) (result i32)
      i32.const 0
      i32.const 256
      call $create-udp-socket
      call $failed
      if ;; label = @1
        call $code4
        call $err
        return
      end
      i32.const 260
      i32.load
      call $drop-udp
      call $ok
    )
    (func (;46;) (type 0) (result i32)
      (local $net i32) (local $s i32)
      call $instance-network
      local.set $net
      local.get $net
      call $bound-tcp
      local.set $s
      local.get $s
      i32.const 0
      i32.lt_s
      if ;; label = @1
        i32.const -1
        local.get $s
        i32.sub
        call $err
        return
      end
      local.get $s
      call $drop-tcp
      local.get $net
      call $drop-network
      call $ok
    )
    (func (;47;) (type 0) (result i32)
      (local $s i32)
      call $new-tcp
      local.set $s
      local.get $s
      i32.const 0
      i32.lt_s
      if ;; label = @1
        i32.const -1
        local.get $s
        i32.sub
        call $err
        return
      end
      local.get $s
      i32.const 256
      call $tcp-start-listen
      call $failed
      if ;; label = @1
        call $code1
        call $err
        return
      end
      call $ok
    )
    (func (;48;) (type 0) (result i32)
      (local $s i32)
      call $new-tcp
      local.set $s
      local.get $s
      i32.const 0
      i32.lt_s
      if ;; label = @1
        i32.const -1
        local.get $s
        i32.sub
        call $err
        return
      end
      local.get $s
      i32.const 256
      call $tcp-finish-bind
      call $failed
      if ;; label = @1
        call $code1
        call $err
        return
      end
      call $ok
    )
    (func (;49;) (type 4) (param $port i32) (result i32)
      (local $net i32) (local $s i32)
      call $instance-network
      local.set $net
      call $new-tcp
      local.set $s
      local.get $s
      i32.const 0
      i32.lt_s
      if ;; label = @1
        i32.const -1
        local.get $s
        i32.sub
        call $err
        return
      end
      local.get $s
      local.get $net
      i32.const 0
      local.get $port
      i32.const 127
      i32.const 0
      i32.const 0
      i32.const 1
      i32.const 0
      i32.const 0
      i32.const 0
      i32.const 0
      i32.const 0
      i32.const 0
      i32.const 256
      call $tcp-start-connect
      call $failed
      if ;; label = @1
        call $code1
        call $err
        return
      end
      local.get $s
      call $tcp-subscribe
      call $wait
      local.get $s
      i32.const 256
      call $tcp-finish-connect
      call $failed
      if ;; label = @1
        call $code4
        call $err
        return
      end
      i32.const 260
      i32.load
      call $drop-input
      i32.const 264
      i32.load
      call $drop-output
      local.get $s
      call $drop-tcp
      call $ok
    )
    (func $read-into (;50;) (type 8) (param $in i32) (param $at i32) (result i32)
      local.get $in
      i64.const 4
      i32.const 512
      call $blocking-read
      i32.const 512
      i32.load8_u
      if ;; label = @1
        unreachable
      end
      i32.const 1280
      local.get $at
      i32.add
      i32.const 516
      i32.load
      i32.const 520
      i32.load
      memory.copy
      local.get $at
      i32.const 520
      i32.load
      i32.add
    )
    (func (;51;) (type 0) (result i32)
      (local $net i32) (local $l i32) (local $port i32) (local $c i32) (local $cin i32) (local $cout i32) (local $a i32) (local $ain i32) (local $aout i32) (local $n i32)
      call $instance-network
      local.set $net
      local.get $net
      call $bound-tcp
      local.set $l
      local.get $l
      i32.const 0
      i32.lt_s
      if ;; label = @1
        i32.const -1
        local.get $l
        i32.sub
        call $err4
        return
      end
      local.get $l
      i32.const 256
      call $tcp-start-listen
      call $failed
      if ;; label = @1
        call $code1
        call $err4
        return
      end
      local.get $l
      i32.const 256
      call $tcp-finish-listen
      call $failed
      if ;; label = @1
        call $code1
        call $err4
        return
      end
      local.get $l
      i32.const 256
      call $tcp-local-address
      call $failed
      if ;; label = @1
        call $code4
        call $err4
        return
      end
      i32.const 264
      i32.load16_u
      local.set $port
      call $new-tcp
      local.set $c
      local.get $c
      i32.const 0
      i32.lt_s
      if ;; label = @1
        i32.const -1
        local.get $c
        i32.sub
        call $err4
        return
      end
      local.get $c
      local.get $net
      i32.const 0
      local.get $port
      i32.const 127
      i32.const 0
      i32.const 0
      i32.const 1
      i32.const 0
      i32.const 0
      i32.const 0
      i32.const 0
      i32.const 0
      i32.const 0
      i32.const 256
      call $tcp-start-connect
      call $failed
      if ;; label = @1
        call $code1
        call $err4
        return
      end
      local.get $c
      call $tcp-subscribe
      call $wait
      local.get $c
      i32.const 256
      call $tcp-finish-connect
      call $failed
      if ;; label = @1
        call $code4
        call $err4
        return
      end
      i32.const 260
      i32.load
      local.set $cin
      i32.const 264
      i32.load
      local.set $cout
      local.get $l
      call $tcp-subscribe
      call $wait
      local.get $l
      i32.const 256
      call $tcp-accept
      call $failed
      if ;; label = @1
        call $code4
        call $err4
        return
      end
      i32.const 260
      i32.load
      local.set $a
      i32.const 264
      i32.load
      local.set $ain
      i32.const 268
      i32.load
      local.set $aout
      local.get $cout
      i32.const 1024
      i32.const 4
      i32.const 512
      call $blocking-write-and-flush
      i32.const 512
      i32.load8_u
      if ;; label = @1
        unreachable
      end
      local.get $ain
      i32.const 0
      call $read-into
      local.set $n
      i32.const 1280
      local.get $n
      i32.add
      i32.const 32
      i32.store8
      local.get $n
      i32.const 1
      i32.add
      local.set $n
      local.get $aout
      i32.const 1032
      i32.const 4
      i32.const 512
      call $blocking-write-and-flush
      i32.const 512
      i32.load8_u
      if ;; label = @1
        unreachable
      end
      local.get $cin
      local.get $n
      call $read-into
      local.set $n
      local.get $cin
      call $drop-input
      local.get $cout
      call $drop-output
      local.get $ain
      call $drop-input
      local.get $aout
      call $drop-output
      local.get $a
      call $drop-tcp
      local.get $c
      call $drop-tcp
      local.get $l
      call $drop-tcp
      local.get $net
      call $drop-network
      i32.const 768
      i32.const 0
      i32.store8
      i32.const 772
      i32.const 1280
      i32.store
      i32.const 776
      local.get $n
      i32.store
      i32.const 768
    )
    (func (;52;) (type 0) (result i32)
      (local $net i32) (local $s i32)
      call $instance-network
      local.set $net
      local.get $net
      call $bound-udp
      local.set $s
      local.get $s
      i32.const 0
      i32.lt_s
      if ;; label = @1
        i32.const -1
        local.get $s
        i32.sub
        call $err
        return
      end
      local.get $s
      call $drop-udp
      call $ok
    )
    (func (;53;) (type 0) (result i32)
      (local $net i32) (local $a i32) (local $b i32) (local $port i32) (local $ain i32) (local $aout i32) (local $bin i32) (local $bout i32) (local $list i32)
      call $instance-network
      local.set $net
      local.get $net
      call $bound-udp
      local.set $a
      local.get $a
      i32.const 0
      i32.lt_s
      if ;; label = @1
        i32.const -1
        local.get $a
        i32.sub
        call $err4
        return
      end
      local.get $net
      call $bound-udp
      local.set $b
      local.get $b
      i32.const 0
      i32.lt_s
      if ;; label = @1
        i32.const -1
        local.get $b
        i32.sub
        call $err4
        return
      end
      local.get $b
      i32.const 256
      call $udp-local-address
      call $failed
      if ;; label = @1
        call $code4
        call $err4
        return
      end
      i32.const 264
      i32.load16_u
      local.set $port
      local.get $a
      i32.const 0
      i32.const 0
      i32.const 0
      i32.const 0
      i32.const 0
      i32.const 0
      i32.const 0
      i32.const 0
      i32.const 0
      i32.const 0
      i32.const 0
      i32.const 0
      i32.const 0
      i32.const 256
      call $udp-stream
      call $failed
      if ;; label = @1
        call $code4
        call $err4
        return
      end
      i32.const 260
      i32.load
      local.set $ain
      i32.const 264
      i32.load
      local.set $aout
      local.get $b
      i32.const 0
      i32.const 0
      i32.const 0
      i32.const 0
      i32.const 0
      i32.const 0
      i32.const 0
      i32.const 0
      i32.const 0
      i32.const 0
      i32.const 0
      i32.const 0
      i32.const 0
      i32.const 256
      call $udp-stream
      call $failed
      if ;; label = @1
        call $code4
        call $err4
        return
      end
      i32.const 260
      i32.load
      local.set $bin
      i32.const 264
      i32.load
      local.set $bout
      local.get $aout
      i32.const 256
      call $udp-check-send
      call $failed
      if ;; label = @1
        i32.const 264
        i32.load8_u
        call $err4
        return
      end
      i32.const 1536
      i32.const 1040
      i32.store
      i32.const 1540
      i32.const 8
      i32.store
      i32.const 1544
      i32.const 1
      i32.store8
      i32.const 1548
      i32.const 0
      i32.store8
      i32.const 1552
      local.get $port
      i32.store16
      i32.const 1554
      i32.const 127
      i32.store8
      i32.const 1555
      i32.const 0
      i32.store8
      i32.const 1556
      i32.const 0
      i32.store8
      i32.const 1557
      i32.const 1
      i32.store8
      local.get $aout
      i32.const 1536
      i32.const 1
      i32.const 256
      call $udp-send
      call $failed
      if ;; label = @1
        i32.const 264
        i32.load8_u
        call $err4
        return
      end
      i32.const 264
      i64.load
      i64.const 1
      i64.ne
      if ;; label = @1
        unreachable
      end
      local.get $bin
      call $udp-in-subscribe
      call $wait
      local.get $bin
      i64.const 1
      i32.const 256
      call $udp-receive
      call $failed
      if ;; label = @1
        call $code4
        call $err4
        return
      end
      i32.const 264
      i32.load
      i32.const 1
      i32.ne
      if ;; label = @1
        unreachable
      end
      i32.const 260
      i32.load
      local.set $list
      i32.const 768
      i32.const 0
      i32.store8
      i32.const 772
      local.get $list
      i32.load
      i32.store
      i32.const 776
      local.get $list
      i32.load offset=4
      i32.store
      local.get $ain
      call $drop-incoming
      local.get $aout
      call $drop-outgoing
      local.get $bin
      call $drop-incoming
      local.get $bout
      call $drop-outgoing
      local.get $a
      call $drop-udp
      local.get $b
      call $drop-udp
      i32.const 768
    )
    (func (;54;) (type 8) (param $name i32) (param $len i32) (result i32)
      (local $net i32)
      call $instance-network
      local.set $net
      local.get $net
      local.get $name
      local.get $len
      i32.const 256
      call $resolve-addresses
      call $failed
      if ;; label = @1
        i32.const 768
        i32.const 1
        i32.store8
        i32.const 770
        call $code4
        i32.store8
        i32.const 768
        return
      end
      i32.const 260
      i32.load
      i32.const 768
      call $resolve-next-address
      i32.const 768
    )
    (data (;0;) (i32.const 1024) "ping")
    (data (;1;) (i32.const 1032) "pong")
    (data (;2;) (i32.const 1040) "datagram")
    (@producers
      (processed-by "wit-component" "0.259.0")
    )
  )
  (core module $wit-component-shim-module (;1;)
    (type (;0;) (func (param i32 i32)))
    (type (;1;) (func (param i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32)))
    (type (;2;) (func (param i32 i64 i32)))
    (type (;3;) (func (param i32 i32 i32 i32)))
    (table (;0;) 21 21 funcref)
    (export "0" (func 0))
    (export "1" (func 1))
    (export "2" (func 2))
    (export "3" (func 3))
    (export "4" (func 4))
    (export "5" (func 5))
    (export "6" (func 6))
    (export "7" (func 7))
    (export "8" (func 8))
    (export "9" (func 9))
    (export "10" (func 10))
    (export "11" (func 11))
    (export "12" (func 12))
    (export "13" (func 13))
    (export "14" (func 14))
    (export "15" (func 15))
    (export "16" (func 16))
    (export "17" (func 17))
    (export "18" (func 18))
    (export "19" (func 19))
    (export "20" (func 20))
    (export "$imports" (table 0))
    (func (;0;) (type 0) (param i32 i32)
      local.get 0
      local.get 1
      i32.const 0
      call_indirect (type 0)
    )
    (func (;1;) (type 1) (param i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32)
      local.get 0
      local.get 1
      local.get 2
      local.get 3
      local.get 4
      local.get 5
      local.get 6
      local.get 7
      local.get 8
      local.get 9
      local.get 10
      local.get 11
      local.get 12
      local.get 13
      local.get 14
      i32.const 1
      call_indirect (type 1)
    )
    (func (;2;) (type 0) (param i32 i32)
      local.get 0
      local.get 1
      i32.const 2
      call_indirect (type 0)
    )
    (func (;3;) (type 1) (param i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32)
      local.get 0
      local.get 1
      local.get 2
      local.get 3
      local.get 4
      local.get 5
      local.get 6
      local.get 7
      local.get 8
      local.get 9
      local.get 10
      local.get 11
      local.get 12
      local.get 13
      local.get 14
      i32.const 3
      call_indirect (type 1)
    )
    (func (;4;) (type 0) (param i32 i32)
      local.get 0
      local.get 1
      i32.const 4
      call_indirect (type 0)
    )
    (func (;5;) (type 0) (param i32 i32)
      local.get 0
      local.get 1
      i32.const 5
      call_indirect (type 0)
    )
    (func (;6;) (type 0) (param i32 i32)
      local.get 0
      local.get 1
      i32.const 6
      call_indirect (type 0)
    )
    (func (;7;) (type 0) (param i32 i32)
      local.get 0
      local.get 1
      i32.const 7
      call_indirect (type 0)
    )
    (func (;8;) (type 0) (param i32 i32)
      local.get 0
      local.get 1
      i32.const 8
      call_indirect (type 0)
    )
    (func (;9;) (type 0) (param i32 i32)
      local.get 0
      local.get 1
      i32.const 9
      call_indirect (type 0)
    )
    (func (;10;) (type 1) (param i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32)
      local.get 0
      local.get 1
      local.get 2
      local.get 3
      local.get 4
      local.get 5
      local.get 6
      local.get 7
      local.get 8
      local.get 9
      local.get 10
      local.get 11
      local.get 12
      local.get 13
      local.get 14
      i32.const 10
      call_indirect (type 1)
    )
    (func (;11;) (type 0) (param i32 i32)
      local.get 0
      local.get 1
      i32.const 11
      call_indirect (type 0)
    )
    (func (;12;) (type 1) (param i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32)
      local.get 0
      local.get 1
      local.get 2
      local.get 3
      local.get 4
      local.get 5
      local.get 6
      local.get 7
      local.get 8
      local.get 9
      local.get 10
      local.get 11
      local.get 12
      local.get 13
      local.get 14
      i32.const 12
      call_indirect (type 1)
    )
    (func (;13;) (type 0) (param i32 i32)
      local.get 0
      local.get 1
      i32.const 13
      call_indirect (type 0)
    )
    (func (;14;) (type 2) (param i32 i64 i32)
      local.get 0
      local.get 1
      local.get 2
      i32.const 14
      call_indirect (type 2)
    )
    (func (;15;) (type 0) (param i32 i32)
      local.get 0
      local.get 1
      i32.const 15
      call_indirect (type 0)
    )
    (func (;16;) (type 3) (param i32 i32 i32 i32)
      local.get 0
      local.get 1
      local.get 2
      local.get 3
      i32.const 16
      call_indirect (type 3)
    )
    (func (;17;) (type 3) (param i32 i32 i32 i32)
      local.get 0
      local.get 1
      local.get 2
      local.get 3
      i32.const 17
      call_indirect (type 3)
    )
    (func (;18;) (type 0) (param i32 i32)
      local.get 0
      local.get 1
      i32.const 18
      call_indirect (type 0)
    )
    (func (;19;) (type 3) (param i32 i32 i32 i32)
      local.get 0
      local.get 1
      local.get 2
      local.get 3
      i32.const 19
      call_indirect (type 3)
    )
    (func (;20;) (type 2) (param i32 i64 i32)
      local.get 0
      local.get 1
      local.get 2
      i32.const 20
      call_indirect (type 2)
    )
    (@producers
      (processed-by "wit-component" "0.259.0")
    )
  )
  (core instance $wit-component-shim-instance (;0;) (instantiate $wit-component-shim-module))
  (alias export $wasi:sockets/network@0.2.12 "error-code" (type $"#type31 error-code" (@name "error-code") (;31;)))
  (alias export $wasi:sockets/network@0.2.12 "ip-address" (type $"#type32 ip-address" (@name "ip-address") (;32;)))
  (alias export $wasi:sockets/instance-network@0.2.12 "instance-network" (func $instance-network (;0;)))
  (core func $instance-network (;0;) (canon lower (func $instance-network)))
  (core instance $wasi:sockets/instance-network@0.2.12 (;1;)
    (export "instance-network" (func $instance-network))
  )
  (alias export $wasi:sockets/network@0.2.12 "network" (type $"#type33 network" (@name "network") (;33;)))
  (core func $resource.drop (;1;) (canon resource.drop $"#type33 network"))
  (core instance $wasi:sockets/network@0.2.12 (;2;)
    (export "[resource-drop]network" (func $resource.drop))
  )
  (alias core export $wit-component-shim-instance "0" (core func $indirect-wasi:sockets/tcp-create-socket@0.2.12-create-tcp-socket (;2;)))
  (core instance $wasi:sockets/tcp-create-socket@0.2.12 (;3;)
    (export "create-tcp-socket" (func $indirect-wasi:sockets/tcp-create-socket@0.2.12-create-tcp-socket))
  )
  (alias core export $wit-component-shim-instance "1" (core func $"indirect-wasi:sockets/tcp@0.2.12-[method]tcp-socket.start-bind" (;3;)))
  (alias core export $wit-component-shim-instance "2" (core func $"indirect-wasi:sockets/tcp@0.2.12-[method]tcp-socket.finish-bind" (;4;)))
  (alias core export $wit-component-shim-instance "3" (core func $"indirect-wasi:sockets/tcp@0.2.12-[method]tcp-socket.start-connect" (;5;)))
  (alias core export $wit-component-shim-instance "4" (core func $"indirect-wasi:sockets/tcp@0.2.12-[method]tcp-socket.finish-connect" (;6;)))
  (alias core export $wit-component-shim-instance "5" (core func $"indirect-wasi:sockets/tcp@0.2.12-[method]tcp-socket.start-listen" (;7;)))
  (alias core export $wit-component-shim-instance "6" (core func $"indirect-wasi:sockets/tcp@0.2.12-[method]tcp-socket.finish-listen" (;8;)))
  (alias core export $wit-component-shim-instance "7" (core func $"indirect-wasi:sockets/tcp@0.2.12-[method]tcp-socket.accept" (;9;)))
  (alias core export $wit-component-shim-instance "8" (core func $"indirect-wasi:sockets/tcp@0.2.12-[method]tcp-socket.local-address" (;10;)))
  (alias export $wasi:sockets/tcp@0.2.12 "[method]tcp-socket.subscribe" (func $"[method]tcp-socket.subscribe" (;1;)))
  (core func $"[method]tcp-socket.subscribe" (;11;) (canon lower (func $"[method]tcp-socket.subscribe")))
  (alias export $wasi:sockets/tcp@0.2.12 "tcp-socket" (type $"#type34 tcp-socket" (@name "tcp-socket") (;34;)))
  (core func $"#core-func12 resource.drop" (@name "resource.drop") (;12;) (canon resource.drop $"#type34 tcp-socket"))
  (core instance $wasi:sockets/tcp@0.2.12 (;4;)
    (export "[method]tcp-socket.start-bind" (func $"indirect-wasi:sockets/tcp@0.2.12-[method]tcp-socket.start-bind"))
    (export "[method]tcp-socket.finish-bind" (func $"indirect-wasi:sockets/tcp@0.2.12-[method]tcp-socket.finish-bind"))
    (export "[method]tcp-socket.start-connect" (func $"indirect-wasi:sockets/tcp@0.2.12-[method]tcp-socket.start-connect"))
    (export "[method]tcp-socket.finish-connect" (func $"indirect-wasi:sockets/tcp@0.2.12-[method]tcp-socket.finish-connect"))
    (export "[method]tcp-socket.start-listen" (func $"indirect-wasi:sockets/tcp@0.2.12-[method]tcp-socket.start-listen"))
    (export "[method]tcp-socket.finish-listen" (func $"indirect-wasi:sockets/tcp@0.2.12-[method]tcp-socket.finish-listen"))
    (export "[method]tcp-socket.accept" (func $"indirect-wasi:sockets/tcp@0.2.12-[method]tcp-socket.accept"))
    (export "[method]tcp-socket.local-address" (func $"indirect-wasi:sockets/tcp@0.2.12-[method]tcp-socket.local-address"))
    (export "[method]tcp-socket.subscribe" (func $"[method]tcp-socket.subscribe"))
    (export "[resource-drop]tcp-socket" (func $"#core-func12 resource.drop"))
  )
  (alias core export $wit-component-shim-instance "9" (core func $indirect-wasi:sockets/udp-create-socket@0.2.12-create-udp-socket (;13;)))
  (core instance $wasi:sockets/udp-create-socket@0.2.12 (;5;)
    (export "create-udp-socket" (func $indirect-wasi:sockets/udp-create-socket@0.2.12-create-udp-socket))
  )
  (alias core export $wit-component-shim-instance "10" (core func $"indirect-wasi:sockets/udp@0.2.12-[method]udp-socket.start-bind" (;14;)))
  (alias core export $wit-component-shim-instance "11" (core func $"indirect-wasi:sockets/udp@0.2.12-[method]udp-socket.finish-bind" (;15;)))
  (alias core export $wit-component-shim-instance "12" (core func $"indirect-wasi:sockets/udp@0.2.12-[method]udp-socket.stream" (;16;)))
  (alias core export $wit-component-shim-instance "13" (core func $"indirect-wasi:sockets/udp@0.2.12-[method]udp-socket.local-address" (;17;)))
  (alias core export $wit-component-shim-instance "14" (core func $"indirect-wasi:sockets/udp@0.2.12-[method]incoming-datagram-stream.receive" (;18;)))
  (alias export $wasi:sockets/udp@0.2.12 "[method]incoming-datagram-stream.subscribe" (func $"[method]incoming-datagram-stream.subscribe" (;2;)))
  (core func $"[method]incoming-datagram-stream.subscribe" (;19;) (canon lower (func $"[method]incoming-datagram-stream.subscribe")))
  (alias core export $wit-component-shim-instance "15" (core func $"indirect-wasi:sockets/udp@0.2.12-[method]outgoing-datagram-stream.check-send" (;20;)))
  (alias core export $wit-component-shim-instance "16" (core func $"indirect-wasi:sockets/udp@0.2.12-[method]outgoing-datagram-stream.send" (;21;)))
  (alias export $wasi:sockets/udp@0.2.12 "udp-socket" (type $"#type35 udp-socket" (@name "udp-socket") (;35;)))
  (core func $"#core-func22 resource.drop" (@name "resource.drop") (;22;) (canon resource.drop $"#type35 udp-socket"))
  (alias export $wasi:sockets/udp@0.2.12 "incoming-datagram-stream" (type $incoming-datagram-stream (;36;)))
  (core func $"#core-func23 resource.drop" (@name "resource.drop") (;23;) (canon resource.drop $incoming-datagram-stream))
  (alias export $wasi:sockets/udp@0.2.12 "outgoing-datagram-stream" (type $outgoing-datagram-stream (;37;)))
  (core func $"#core-func24 resource.drop" (@name "resource.drop") (;24;) (canon resource.drop $outgoing-datagram-stream))
  (core instance $wasi:sockets/udp@0.2.12 (;6;)
    (export "[method]udp-socket.start-bind" (func $"indirect-wasi:sockets/udp@0.2.12-[method]udp-socket.start-bind"))
    (export "[method]udp-socket.finish-bind" (func $"indirect-wasi:sockets/udp@0.2.12-[method]udp-socket.finish-bind"))
    (export "[method]udp-socket.stream" (func $"indirect-wasi:sockets/udp@0.2.12-[method]udp-socket.stream"))
    (export "[method]udp-socket.local-address" (func $"indirect-wasi:sockets/udp@0.2.12-[method]udp-socket.local-address"))
    (export "[method]incoming-datagram-stream.receive" (func $"indirect-wasi:sockets/udp@0.2.12-[method]incoming-datagram-stream.receive"))
    (export "[method]incoming-datagram-stream.subscribe" (func $"[method]incoming-datagram-stream.subscribe"))
    (export "[method]outgoing-datagram-stream.check-send" (func $"indirect-wasi:sockets/udp@0.2.12-[method]outgoing-datagram-stream.check-send"))
    (export "[method]outgoing-datagram-stream.send" (func $"indirect-wasi:sockets/udp@0.2.12-[method]outgoing-datagram-stream.send"))
    (export "[resource-drop]udp-socket" (func $"#core-func22 resource.drop"))
    (export "[resource-drop]incoming-datagram-stream" (func $"#core-func23 resource.drop"))
    (export "[resource-drop]outgoing-datagram-stream" (func $"#core-func24 resource.drop"))
  )
  (alias core export $wit-component-shim-instance "17" (core func $indirect-wasi:sockets/ip-name-lookup@0.2.12-resolve-addresses (;25;)))
  (alias core export $wit-component-shim-instance "18" (core func $"indirect-wasi:sockets/ip-name-lookup@0.2.12-[method]resolve-address-stream.resolve-next-address" (;26;)))
  (core instance $wasi:sockets/ip-name-lookup@0.2.12 (;7;)
    (export "resolve-addresses" (func $indirect-wasi:sockets/ip-name-lookup@0.2.12-resolve-addresses))
    (export "[method]resolve-address-stream.resolve-next-address" (func $"indirect-wasi:sockets/ip-name-lookup@0.2.12-[method]resolve-address-stream.resolve-next-address"))
  )
  (alias export $wasi:io/poll@0.2.12 "[method]pollable.block" (func $"[method]pollable.block" (;3;)))
  (core func $"[method]pollable.block" (;27;) (canon lower (func $"[method]pollable.block")))
  (alias export $wasi:io/poll@0.2.12 "pollable" (type $"#type38 pollable" (@name "pollable") (;38;)))
  (core func $"#core-func28 resource.drop" (@name "resource.drop") (;28;) (canon resource.drop $"#type38 pollable"))
  (core instance $wasi:io/poll@0.2.12 (;8;)
    (export "[method]pollable.block" (func $"[method]pollable.block"))
    (export "[resource-drop]pollable" (func $"#core-func28 resource.drop"))
  )
  (alias core export $wit-component-shim-instance "19" (core func $"indirect-wasi:io/streams@0.2.12-[method]output-stream.blocking-write-and-flush" (;29;)))
  (alias core export $wit-component-shim-instance "20" (core func $"indirect-wasi:io/streams@0.2.12-[method]input-stream.blocking-read" (;30;)))
  (alias export $wasi:io/streams@0.2.12 "input-stream" (type $"#type39 input-stream" (@name "input-stream") (;39;)))
  (core func $"#core-func31 resource.drop" (@name "resource.drop") (;31;) (canon resource.drop $"#type39 input-stream"))
  (alias export $wasi:io/streams@0.2.12 "output-stream" (type $"#type40 output-stream" (@name "output-stream") (;40;)))
  (core func $"#core-func32 resource.drop" (@name "resource.drop") (;32;) (canon resource.drop $"#type40 output-stream"))
  (core instance $wasi:io/streams@0.2.12 (;9;)
    (export "[method]output-stream.blocking-write-and-flush" (func $"indirect-wasi:io/streams@0.2.12-[method]output-stream.blocking-write-and-flush"))
    (export "[method]input-stream.blocking-read" (func $"indirect-wasi:io/streams@0.2.12-[method]input-stream.blocking-read"))
    (export "[resource-drop]input-stream" (func $"#core-func31 resource.drop"))
    (export "[resource-drop]output-stream" (func $"#core-func32 resource.drop"))
  )
  (core instance $main (;10;) (instantiate $main
      (with "wasi:sockets/instance-network@0.2.12" (instance $wasi:sockets/instance-network@0.2.12))
      (with "wasi:sockets/network@0.2.12" (instance $wasi:sockets/network@0.2.12))
      (with "wasi:sockets/tcp-create-socket@0.2.12" (instance $wasi:sockets/tcp-create-socket@0.2.12))
      (with "wasi:sockets/tcp@0.2.12" (instance $wasi:sockets/tcp@0.2.12))
      (with "wasi:sockets/udp-create-socket@0.2.12" (instance $wasi:sockets/udp-create-socket@0.2.12))
      (with "wasi:sockets/udp@0.2.12" (instance $wasi:sockets/udp@0.2.12))
      (with "wasi:sockets/ip-name-lookup@0.2.12" (instance $wasi:sockets/ip-name-lookup@0.2.12))
      (with "wasi:io/poll@0.2.12" (instance $wasi:io/poll@0.2.12))
      (with "wasi:io/streams@0.2.12" (instance $wasi:io/streams@0.2.12))
    )
  )
  (alias core export $main "memory" (core memory $memory (;0;)))
  (core module $wit-component-fixup (;2;)
    (type (;0;) (func (param i32 i32)))
    (type (;1;) (func (param i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32)))
    (type (;2;) (func (param i32 i64 i32)))
    (type (;3;) (func (param i32 i32 i32 i32)))
    (import "actual" "0" (func (;0;) (type 0)))
    (import "actual" "1" (func (;1;) (type 1)))
    (import "actual" "2" (func (;2;) (type 0)))
    (import "actual" "3" (func (;3;) (type 1)))
    (import "actual" "4" (func (;4;) (type 0)))
    (import "actual" "5" (func (;5;) (type 0)))
    (import "actual" "6" (func (;6;) (type 0)))
    (import "actual" "7" (func (;7;) (type 0)))
    (import "actual" "8" (func (;8;) (type 0)))
    (import "actual" "9" (func (;9;) (type 0)))
    (import "actual" "10" (func (;10;) (type 1)))
    (import "actual" "11" (func (;11;) (type 0)))
    (import "actual" "12" (func (;12;) (type 1)))
    (import "actual" "13" (func (;13;) (type 0)))
    (import "actual" "14" (func (;14;) (type 2)))
    (import "actual" "15" (func (;15;) (type 0)))
    (import "actual" "16" (func (;16;) (type 3)))
    (import "actual" "17" (func (;17;) (type 3)))
    (import "actual" "18" (func (;18;) (type 0)))
    (import "actual" "19" (func (;19;) (type 3)))
    (import "actual" "20" (func (;20;) (type 2)))
    (import "shim" "$imports" (table (;0;) 21 21 funcref))
    (elem (;0;) (i32.const 0) func 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20)
    (@producers
      (processed-by "wit-component" "0.259.0")
    )
  )
  (alias export $wasi:sockets/tcp-create-socket@0.2.12 "create-tcp-socket" (func $create-tcp-socket (;4;)))
  (core func $"#core-func33 indirect-wasi:sockets/tcp-create-socket@0.2.12-create-tcp-socket" (@name "indirect-wasi:sockets/tcp-create-socket@0.2.12-create-tcp-socket") (;33;) (canon lower (func $create-tcp-socket) (memory $memory)))
  (alias export $wasi:sockets/tcp@0.2.12 "[method]tcp-socket.start-bind" (func $"[method]tcp-socket.start-bind" (;5;)))
  (core func $"#core-func34 indirect-wasi:sockets/tcp@0.2.12-[method]tcp-socket.start-bind" (@name "indirect-wasi:sockets/tcp@0.2.12-[method]tcp-socket.start-bind") (;34;) (canon lower (func $"[method]tcp-socket.start-bind") (memory $memory)))
  (alias export $wasi:sockets/tcp@0.2.12 "[method]tcp-socket.finish-bind" (func $"[method]tcp-socket.finish-bind" (;6;)))
  (core func $"#core-func35 indirect-wasi:sockets/tcp@0.2.12-[method]tcp-socket.finish-bind" (@name "indirect-wasi:sockets/tcp@0.2.12-[method]tcp-socket.finish-bind") (;35;) (canon lower (func $"[method]tcp-socket.finish-bind") (memory $memory)))
  (alias export $wasi:sockets/tcp@0.2.12 "[method]tcp-socket.start-connect" (func $"[method]tcp-socket.start-connect" (;7;)))
  (core func $"#core-func36 indirect-wasi:sockets/tcp@0.2.12-[method]tcp-socket.start-connect" (@name "indirect-wasi:sockets/tcp@0.2.12-[method]tcp-socket.start-connect") (;36;) (canon lower (func $"[method]tcp-socket.start-connect") (memory $memory)))
  (alias export $wasi:sockets/tcp@0.2.12 "[method]tcp-socket.finish-connect" (func $"[method]tcp-socket.finish-connect" (;8;)))
  (core func $"#core-func37 indirect-wasi:sockets/tcp@0.2.12-[method]tcp-socket.finish-connect" (@name "indirect-wasi:sockets/tcp@0.2.12-[method]tcp-socket.finish-connect") (;37;) (canon lower (func $"[method]tcp-socket.finish-connect") (memory $memory)))
  (alias export $wasi:sockets/tcp@0.2.12 "[method]tcp-socket.start-listen" (func $"[method]tcp-socket.start-listen" (;9;)))
  (core func $"#core-func38 indirect-wasi:sockets/tcp@0.2.12-[method]tcp-socket.start-listen" (@name "indirect-wasi:sockets/tcp@0.2.12-[method]tcp-socket.start-listen") (;38;) (canon lower (func $"[method]tcp-socket.start-listen") (memory $memory)))
  (alias export $wasi:sockets/tcp@0.2.12 "[method]tcp-socket.finish-listen" (func $"[method]tcp-socket.finish-listen" (;10;)))
  (core func $"#core-func39 indirect-wasi:sockets/tcp@0.2.12-[method]tcp-socket.finish-listen" (@name "indirect-wasi:sockets/tcp@0.2.12-[method]tcp-socket.finish-listen") (;39;) (canon lower (func $"[method]tcp-socket.finish-listen") (memory $memory)))
  (alias export $wasi:sockets/tcp@0.2.12 "[method]tcp-socket.accept" (func $"[method]tcp-socket.accept" (;11;)))
  (core func $"#core-func40 indirect-wasi:sockets/tcp@0.2.12-[method]tcp-socket.accept" (@name "indirect-wasi:sockets/tcp@0.2.12-[method]tcp-socket.accept") (;40;) (canon lower (func $"[method]tcp-socket.accept") (memory $memory)))
  (alias export $wasi:sockets/tcp@0.2.12 "[method]tcp-socket.local-address" (func $"[method]tcp-socket.local-address" (;12;)))
  (core func $"#core-func41 indirect-wasi:sockets/tcp@0.2.12-[method]tcp-socket.local-address" (@name "indirect-wasi:sockets/tcp@0.2.12-[method]tcp-socket.local-address") (;41;) (canon lower (func $"[method]tcp-socket.local-address") (memory $memory)))
  (alias export $wasi:sockets/udp-create-socket@0.2.12 "create-udp-socket" (func $create-udp-socket (;13;)))
  (core func $"#core-func42 indirect-wasi:sockets/udp-create-socket@0.2.12-create-udp-socket" (@name "indirect-wasi:sockets/udp-create-socket@0.2.12-create-udp-socket") (;42;) (canon lower (func $create-udp-socket) (memory $memory)))
  (alias export $wasi:sockets/udp@0.2.12 "[method]udp-socket.start-bind" (func $"[method]udp-socket.start-bind" (;14;)))
  (core func $"#core-func43 indirect-wasi:sockets/udp@0.2.12-[method]udp-socket.start-bind" (@name "indirect-wasi:sockets/udp@0.2.12-[method]udp-socket.start-bind") (;43;) (canon lower (func $"[method]udp-socket.start-bind") (memory $memory)))
  (alias export $wasi:sockets/udp@0.2.12 "[method]udp-socket.finish-bind" (func $"[method]udp-socket.finish-bind" (;15;)))
  (core func $"#core-func44 indirect-wasi:sockets/udp@0.2.12-[method]udp-socket.finish-bind" (@name "indirect-wasi:sockets/udp@0.2.12-[method]udp-socket.finish-bind") (;44;) (canon lower (func $"[method]udp-socket.finish-bind") (memory $memory)))
  (alias export $wasi:sockets/udp@0.2.12 "[method]udp-socket.stream" (func $"[method]udp-socket.stream" (;16;)))
  (core func $"#core-func45 indirect-wasi:sockets/udp@0.2.12-[method]udp-socket.stream" (@name "indirect-wasi:sockets/udp@0.2.12-[method]udp-socket.stream") (;45;) (canon lower (func $"[method]udp-socket.stream") (memory $memory)))
  (alias export $wasi:sockets/udp@0.2.12 "[method]udp-socket.local-address" (func $"[method]udp-socket.local-address" (;17;)))
  (core func $"#core-func46 indirect-wasi:sockets/udp@0.2.12-[method]udp-socket.local-address" (@name "indirect-wasi:sockets/udp@0.2.12-[method]udp-socket.local-address") (;46;) (canon lower (func $"[method]udp-socket.local-address") (memory $memory)))
  (alias export $wasi:sockets/udp@0.2.12 "[method]incoming-datagram-stream.receive" (func $"[method]incoming-datagram-stream.receive" (;18;)))
  (alias core export $main "cabi_realloc" (core func $cabi_realloc (;47;)))
  (core func $"#core-func48 indirect-wasi:sockets/udp@0.2.12-[method]incoming-datagram-stream.receive" (@name "indirect-wasi:sockets/udp@0.2.12-[method]incoming-datagram-stream.receive") (;48;) (canon lower (func $"[method]incoming-datagram-stream.receive") (memory $memory) (realloc $cabi_realloc)))
  (alias export $wasi:sockets/udp@0.2.12 "[method]outgoing-datagram-stream.check-send" (func $"[method]outgoing-datagram-stream.check-send" (;19;)))
  (core func $"#core-func49 indirect-wasi:sockets/udp@0.2.12-[method]outgoing-datagram-stream.check-send" (@name "indirect-wasi:sockets/udp@0.2.12-[method]outgoing-datagram-stream.check-send") (;49;) (canon lower (func $"[method]outgoing-datagram-stream.check-send") (memory $memory)))
  (alias export $wasi:sockets/udp@0.2.12 "[method]outgoing-datagram-stream.send" (func $"[method]outgoing-datagram-stream.send" (;20;)))
  (core func $"#core-func50 indirect-wasi:sockets/udp@0.2.12-[method]outgoing-datagram-stream.send" (@name "indirect-wasi:sockets/udp@0.2.12-[method]outgoing-datagram-stream.send") (;50;) (canon lower (func $"[method]outgoing-datagram-stream.send") (memory $memory)))
  (alias export $wasi:sockets/ip-name-lookup@0.2.12 "resolve-addresses" (func $resolve-addresses (;21;)))
  (core func $"#core-func51 indirect-wasi:sockets/ip-name-lookup@0.2.12-resolve-addresses" (@name "indirect-wasi:sockets/ip-name-lookup@0.2.12-resolve-addresses") (;51;) (canon lower (func $resolve-addresses) (memory $memory) string-encoding=utf8))
  (alias export $wasi:sockets/ip-name-lookup@0.2.12 "[method]resolve-address-stream.resolve-next-address" (func $"[method]resolve-address-stream.resolve-next-address" (;22;)))
  (core func $"#core-func52 indirect-wasi:sockets/ip-name-lookup@0.2.12-[method]resolve-address-stream.resolve-next-address" (@name "indirect-wasi:sockets/ip-name-lookup@0.2.12-[method]resolve-address-stream.resolve-next-address") (;52;) (canon lower (func $"[method]resolve-address-stream.resolve-next-address") (memory $memory)))
  (alias export $wasi:io/streams@0.2.12 "[method]output-stream.blocking-write-and-flush" (func $"[method]output-stream.blocking-write-and-flush" (;23;)))
  (core func $"#core-func53 indirect-wasi:io/streams@0.2.12-[method]output-stream.blocking-write-and-flush" (@name "indirect-wasi:io/streams@0.2.12-[method]output-stream.blocking-write-and-flush") (;53;) (canon lower (func $"[method]output-stream.blocking-write-and-flush") (memory $memory)))
  (alias export $wasi:io/streams@0.2.12 "[method]input-stream.blocking-read" (func $"[method]input-stream.blocking-read" (;24;)))
  (core func $"#core-func54 indirect-wasi:io/streams@0.2.12-[method]input-stream.blocking-read" (@name "indirect-wasi:io/streams@0.2.12-[method]input-stream.blocking-read") (;54;) (canon lower (func $"[method]input-stream.blocking-read") (memory $memory) (realloc $cabi_realloc)))
  (core instance $actual (;11;)
    (export "0" (func $"#core-func33 indirect-wasi:sockets/tcp-create-socket@0.2.12-create-tcp-socket"))
    (export "1" (func $"#core-func34 indirect-wasi:sockets/tcp@0.2.12-[method]tcp-socket.start-bind"))
    (export "2" (func $"#core-func35 indirect-wasi:sockets/tcp@0.2.12-[method]tcp-socket.finish-bind"))
    (export "3" (func $"#core-func36 indirect-wasi:sockets/tcp@0.2.12-[method]tcp-socket.start-connect"))
    (export "4" (func $"#core-func37 indirect-wasi:sockets/tcp@0.2.12-[method]tcp-socket.finish-connect"))
    (export "5" (func $"#core-func38 indirect-wasi:sockets/tcp@0.2.12-[method]tcp-socket.start-listen"))
    (export "6" (func $"#core-func39 indirect-wasi:sockets/tcp@0.2.12-[method]tcp-socket.finish-listen"))
    (export "7" (func $"#core-func40 indirect-wasi:sockets/tcp@0.2.12-[method]tcp-socket.accept"))
    (export "8" (func $"#core-func41 indirect-wasi:sockets/tcp@0.2.12-[method]tcp-socket.local-address"))
    (export "9" (func $"#core-func42 indirect-wasi:sockets/udp-create-socket@0.2.12-create-udp-socket"))
    (export "10" (func $"#core-func43 indirect-wasi:sockets/udp@0.2.12-[method]udp-socket.start-bind"))
    (export "11" (func $"#core-func44 indirect-wasi:sockets/udp@0.2.12-[method]udp-socket.finish-bind"))
    (export "12" (func $"#core-func45 indirect-wasi:sockets/udp@0.2.12-[method]udp-socket.stream"))
    (export "13" (func $"#core-func46 indirect-wasi:sockets/udp@0.2.12-[method]udp-socket.local-address"))
    (export "14" (func $"#core-func48 indirect-wasi:sockets/udp@0.2.12-[method]incoming-datagram-stream.receive"))
    (export "15" (func $"#core-func49 indirect-wasi:sockets/udp@0.2.12-[method]outgoing-datagram-stream.check-send"))
    (export "16" (func $"#core-func50 indirect-wasi:sockets/udp@0.2.12-[method]outgoing-datagram-stream.send"))
    (export "17" (func $"#core-func51 indirect-wasi:sockets/ip-name-lookup@0.2.12-resolve-addresses"))
    (export "18" (func $"#core-func52 indirect-wasi:sockets/ip-name-lookup@0.2.12-[method]resolve-address-stream.resolve-next-address"))
    (export "19" (func $"#core-func53 indirect-wasi:io/streams@0.2.12-[method]output-stream.blocking-write-and-flush"))
    (export "20" (func $"#core-func54 indirect-wasi:io/streams@0.2.12-[method]input-stream.blocking-read"))
  )
  (core instance $fixup (;12;) (instantiate $wit-component-fixup
      (with "actual" (instance $actual))
      (with "shim" (instance $wit-component-shim-instance))
    )
  )
  (type (;41;) (result (error $"#type31 error-code")))
  (type (;42;) (func (result 41)))
  (alias core export $main "mosaic:sockets-probe/calls#create-tcp" (core func $mosaic:sockets-probe/calls#create-tcp (;55;)))
  (func $create-tcp (;25;) (type 42) (canon lift (core func $mosaic:sockets-probe/calls#create-tcp) (memory $memory)))
  (alias core export $main "mosaic:sockets-probe/calls#create-udp" (core func $mosaic:sockets-probe/calls#create-udp (;56;)))
  (func $create-udp (;26;) (type 42) (canon lift (core func $mosaic:sockets-probe/calls#create-udp) (memory $memory)))
  (alias core export $main "mosaic:sockets-probe/calls#tcp-bind" (core func $mosaic:sockets-probe/calls#tcp-bind (;57;)))
  (func $tcp-bind (;27;) (type 42) (canon lift (core func $mosaic:sockets-probe/calls#tcp-bind) (memory $memory)))
  (alias core export $main "mosaic:sockets-probe/calls#tcp-listen-unbound" (core func $mosaic:sockets-probe/calls#tcp-listen-unbound (;58;)))
  (func $tcp-listen-unbound (;28;) (type 42) (canon lift (core func $mosaic:sockets-probe/calls#tcp-listen-unbound) (memory $memory)))
  (alias core export $main "mosaic:sockets-probe/calls#tcp-finish-bind-early" (core func $mosaic:sockets-probe/calls#tcp-finish-bind-early (;59;)))
  (func $tcp-finish-bind-early (;29;) (type 42) (canon lift (core func $mosaic:sockets-probe/calls#tcp-finish-bind-early) (memory $memory)))
  (type (;43;) (func (param "port" u16) (result 41)))
  (alias core export $main "mosaic:sockets-probe/calls#tcp-connect" (core func $mosaic:sockets-probe/calls#tcp-connect (;60;)))
  (func $tcp-connect (;30;) (type 43) (canon lift (core func $mosaic:sockets-probe/calls#tcp-connect) (memory $memory)))
  (type (;44;) (result string (error $"#type31 error-code")))
  (type (;45;) (func (result 44)))
  (alias core export $main "mosaic:sockets-probe/calls#tcp-round-trip" (core func $mosaic:sockets-probe/calls#tcp-round-trip (;61;)))
  (func $tcp-round-trip (;31;) (type 45) (canon lift (core func $mosaic:sockets-probe/calls#tcp-round-trip) (memory $memory) string-encoding=utf8))
  (alias core export $main "mosaic:sockets-probe/calls#udp-bind" (core func $mosaic:sockets-probe/calls#udp-bind (;62;)))
  (func $udp-bind (;32;) (type 42) (canon lift (core func $mosaic:sockets-probe/calls#udp-bind) (memory $memory)))
  (alias core export $main "mosaic:sockets-probe/calls#udp-round-trip" (core func $mosaic:sockets-probe/calls#udp-round-trip (;63;)))
  (func $udp-round-trip (;33;) (type 45) (canon lift (core func $mosaic:sockets-probe/calls#udp-round-trip) (memory $memory) string-encoding=utf8))
  (type (;46;) (option $"#type32 ip-address"))
  (type (;47;) (result 46 (error $"#type31 error-code")))
  (type (;48;) (func (param "name" string) (result 47)))
  (alias core export $main "mosaic:sockets-probe/calls#resolve" (core func $mosaic:sockets-probe/calls#resolve (;64;)))
  (func $resolve (;34;) (type 48) (canon lift (core func $mosaic:sockets-probe/calls#resolve) (memory $memory) (realloc $cabi_realloc) string-encoding=utf8))
  (alias export $wasi:sockets/network@0.2.12 "ipv4-address" (type $ipv4-address (;49;)))
  (alias export $wasi:sockets/network@0.2.12 "ipv6-address" (type $ipv6-address (;50;)))
  (component $mosaic:sockets-probe/calls-shim-component (;0;)
    (type (;0;) (enum "unknown" "access-denied" "not-supported" "invalid-argument" "out-of-memory" "timeout" "concurrency-conflict" "not-in-progress" "would-block" "invalid-state" "new-socket-limit" "address-not-bindable" "address-in-use" "remote-unreachable" "connection-refused" "connection-reset" "connection-aborted" "datagram-too-large" "name-unresolvable" "temporary-resolver-failure" "permanent-resolver-failure"))
    (import "import-type-error-code" (type (;1;) (eq 0)))
    (type (;2;) (tuple u8 u8 u8 u8))
    (import "import-type-ipv4-address" (type (;3;) (eq 2)))
    (type (;4;) (tuple u16 u16 u16 u16 u16 u16 u16 u16))
    (import "import-type-ipv6-address" (type (;5;) (eq 4)))
    (type (;6;) (variant (case "ipv4" 3) (case "ipv6" 5)))
    (import "import-type-ip-address" (type (;7;) (eq 6)))
    (import "import-type-error-code0" (type (;8;) (eq 1)))
    (type (;9;) (result (error 8)))
    (type (;10;) (func (result 9)))
    (import "import-func-create-tcp" (func (;0;) (type 10)))
    (import "import-func-create-udp" (func (;1;) (type 10)))
    (import "import-func-tcp-bind" (func (;2;) (type 10)))
    (import "import-func-tcp-listen-unbound" (func (;3;) (type 10)))
    (import "import-func-tcp-finish-bind-early" (func (;4;) (type 10)))
    (type (;11;) (func (param "port" u16) (result 9)))
    (import "import-func-tcp-connect" (func (;5;) (type 11)))
    (type (;12;) (result string (error 8)))
    (type (;13;) (func (result 12)))
    (import "import-func-tcp-round-trip" (func (;6;) (type 13)))
    (import "import-func-udp-bind" (func (;7;) (type 10)))
    (import "import-func-udp-round-trip" (func (;8;) (type 13)))
    (import "import-type-ip-address0" (type (;14;) (eq 7)))
    (type (;15;) (option 14))
    (type (;16;) (result 15 (error 8)))
    (type (;17;) (func (param "name" string) (result 16)))
    (import "import-func-resolve" (func (;9;) (type 17)))
    (export (;18;) "error-code" (type 1))
    (export (;19;) "ip-address" (type 7))
    (type (;20;) (result (error 18)))
    (type (;21;) (func (result 20)))
    (export (;10;) "create-tcp" (func 0) (func (type 21)))
    (export (;11;) "create-udp" (func 1) (func (type 21)))
    (export (;12;) "tcp-bind" (func 2) (func (type 21)))
    (export (;13;) "tcp-listen-unbound" (func 3) (func (type 21)))
    (export (;14;) "tcp-finish-bind-early" (func 4) (func (type 21)))
    (type (;22;) (func (param "port" u16) (result 20)))
    (export (;15;) "tcp-connect" (func 5) (func (type 22)))
    (type (;23;) (result string (error 18)))
    (type (;24;) (func (result 23)))
    (export (;16;) "tcp-round-trip" (func 6) (func (type 24)))
    (export (;17;) "udp-bind" (func 7) (func (type 21)))
    (export (;18;) "udp-round-trip" (func 8) (func (type 24)))
    (type (;25;) (option 19))
    (type (;26;) (result 25 (error 18)))
    (type (;27;) (func (param "name" string) (result 26)))
    (export (;19;) "resolve" (func 9) (func (type 27)))
  )
  (instance $mosaic:sockets-probe/calls-shim-instance (;10;) (instantiate $mosaic:sockets-probe/calls-shim-component
      (with "import-func-create-tcp" (func $create-tcp))
      (with "import-func-create-udp" (func $create-udp))
      (with "import-func-tcp-bind" (func $tcp-bind))
      (with "import-func-tcp-listen-unbound" (func $tcp-listen-unbound))
      (with "import-func-tcp-finish-bind-early" (func $tcp-finish-bind-early))
      (with "import-func-tcp-connect" (func $tcp-connect))
      (with "import-func-tcp-round-trip" (func $tcp-round-trip))
      (with "import-func-udp-bind" (func $udp-bind))
      (with "import-func-udp-round-trip" (func $udp-round-trip))
      (with "import-func-resolve" (func $resolve))
      (with "import-type-error-code" (type $"#type31 error-code"))
      (with "import-type-ipv4-address" (type $ipv4-address))
      (with "import-type-ipv6-address" (type $ipv6-address))
      (with "import-type-ip-address" (type $"#type32 ip-address"))
      (with "import-type-error-code0" (type $"#type31 error-code"))
      (with "import-type-ip-address0" (type $"#type32 ip-address"))
    )
  )
  (export $mosaic:sockets-probe/calls (;11;) "mosaic:sockets-probe/calls" (instance $mosaic:sockets-probe/calls-shim-instance))
  (@producers
    (processed-by "wit-component" "0.259.0")
  )
)

