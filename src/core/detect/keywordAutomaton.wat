;; The keyword automaton's byte loop (keywordAutomaton.ts holds the automaton and what a hit means).
;; Compiled at build time by wabt (scripts/build.mjs); the bundles carry the bytes.
;;
;; Linear memory, laid out by the constructor: the transition table at address 0 (`u16` states,
;; row `state << shift`, column a character's class), `classOf` (256 bytes), `quiet` (a byte per
;; state: 0 unless reaching the state may end a keyword still worth reporting), the hit buffer
;; (`i32` pairs: offset in the text, state), then the text: ASCII bytes (`scan1`, `scan2`)
;; or UTF-16 code units (`wide1`, `wide2`).
;;
;; A scan records a hit wherever it enters a state whose `quiet` byte is not 0, and returns when
;; the text ends or the hit buffer has no room for another step's hits: JS reads the hits, may
;; quiet states, and calls again from `at` with the states left in `s0` and `s1`.
(module
  (memory (export "memory") 1)

  (global $shift (mut i32) (i32.const 0))
  (global $classOf (mut i32) (i32.const 0))
  (global $quiet (mut i32) (i32.const 0))
  (global $hits (mut i32) (i32.const 0))
  ;; The last address at which a step may start recording: room for four hits after it.
  (global $full (mut i32) (i32.const 0))

  ;; Where the last call stopped: the next byte of stream 0, and each stream's state.
  (global $at (export "at") (mut i32) (i32.const 0))
  (global $s0 (export "s0") (mut i32) (i32.const 0))
  (global $s1 (export "s1") (mut i32) (i32.const 0))

  (func (export "setup") (param $shift i32) (param $classOf i32) (param $quiet i32) (param $hits i32) (param $capacity i32)
    (global.set $shift (local.get $shift))
    (global.set $classOf (local.get $classOf))
    (global.set $quiet (local.get $quiet))
    (global.set $hits (local.get $hits))
    (global.set $full (i32.add (local.get $hits) (i32.shl (i32.sub (local.get $capacity) (i32.const 4)) (i32.const 3)))))

  ;; One stream over the bytes [p, end), offsets counted from `base`. Returns the number of hits.
  (func (export "scan1") (param $p i32) (param $end i32) (param $base i32) (param $s i32) (result i32)
    (local $shift i32) (local $classOf i32) (local $quiet i32) (local $h i32) (local $full i32)
    (local.set $shift (global.get $shift))
    (local.set $classOf (global.get $classOf))
    (local.set $quiet (global.get $quiet))
    (local.set $h (global.get $hits))
    (local.set $full (global.get $full))
    (block $done
      (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
      (loop $step
        (local.set $s
          (i32.load16_u
            (i32.shl
              (i32.or
                (i32.shl (local.get $s) (local.get $shift))
                (i32.load8_u (i32.add (local.get $classOf) (i32.load8_u (local.get $p)))))
              (i32.const 1))))
        (if (i32.load8_u (i32.add (local.get $quiet) (local.get $s)))
          (then
            (i32.store (local.get $h) (i32.sub (local.get $p) (local.get $base)))
            (i32.store offset=4 (local.get $h) (local.get $s))
            (local.set $h (i32.add (local.get $h) (i32.const 8)))))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br_if $done (i32.gt_u (local.get $h) (local.get $full)))
        (br_if $step (i32.lt_u (local.get $p) (local.get $end)))))
    (global.set $at (local.get $p))
    (global.set $s0 (local.get $s))
    (i32.shr_u (i32.sub (local.get $h) (global.get $hits)) (i32.const 3)))

  ;; Two streams in one loop, `d` bytes apart: each step waits on its table load, and two
  ;; independent loads overlap those waits. Stream 0 reads [p, end); stream 1 the same steps `d`
  ;; bytes on, and records hits only when `all` is -1 (0 while it is still catching up: see the
  ;; caller).
  (func (export "scan2") (param $p i32) (param $end i32) (param $base i32) (param $d i32) (param $all i32)
    (param $s0 i32) (param $s1 i32) (result i32)
    (local $shift i32) (local $classOf i32) (local $quiet i32) (local $h i32) (local $full i32) (local $q i32)
    (local.set $shift (global.get $shift))
    (local.set $classOf (global.get $classOf))
    (local.set $quiet (global.get $quiet))
    (local.set $h (global.get $hits))
    (local.set $full (global.get $full))
    (local.set $q (i32.add (local.get $p) (local.get $d)))
    (block $done
      (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
      (loop $step
        (local.set $s0
          (i32.load16_u
            (i32.shl
              (i32.or
                (i32.shl (local.get $s0) (local.get $shift))
                (i32.load8_u (i32.add (local.get $classOf) (i32.load8_u (local.get $p)))))
              (i32.const 1))))
        (local.set $s1
          (i32.load16_u
            (i32.shl
              (i32.or
                (i32.shl (local.get $s1) (local.get $shift))
                (i32.load8_u (i32.add (local.get $classOf) (i32.load8_u (local.get $q)))))
              (i32.const 1))))
        (if (i32.load8_u (i32.add (local.get $quiet) (local.get $s0)))
          (then
            (i32.store (local.get $h) (i32.sub (local.get $p) (local.get $base)))
            (i32.store offset=4 (local.get $h) (local.get $s0))
            (local.set $h (i32.add (local.get $h) (i32.const 8)))))
        (if (i32.and (i32.load8_u (i32.add (local.get $quiet) (local.get $s1))) (local.get $all))
          (then
            (i32.store (local.get $h) (i32.sub (local.get $q) (local.get $base)))
            (i32.store offset=4 (local.get $h) (local.get $s1))
            (local.set $h (i32.add (local.get $h) (i32.const 8)))))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (local.set $q (i32.add (local.get $q) (i32.const 1)))
        (br_if $done (i32.gt_u (local.get $h) (local.get $full)))
        (br_if $step (i32.lt_u (local.get $p) (local.get $end)))))
    (global.set $at (local.get $p))
    (global.set $s0 (local.get $s0))
    (global.set $s1 (local.get $s1))
    (i32.shr_u (i32.sub (local.get $h) (global.get $hits)) (i32.const 3)))

  ;; `scan1` over UTF-16 code units (two bytes each): a text with other characters than ASCII.
  ;; Offsets count code units, as JS strings do. A unit above 127 is class 0, which leads back to
  ;; the root (`select` keeps the `classOf` load within its 128 bytes).
  (func (export "wide1") (param $p i32) (param $end i32) (param $base i32) (param $s i32) (result i32)
    (local $shift i32) (local $classOf i32) (local $quiet i32) (local $h i32) (local $full i32) (local $c i32)
    (local.set $shift (global.get $shift))
    (local.set $classOf (global.get $classOf))
    (local.set $quiet (global.get $quiet))
    (local.set $h (global.get $hits))
    (local.set $full (global.get $full))
    (block $done
      (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
      (loop $step
        (local.set $s
          (i32.load16_u
            (i32.shl
              (i32.or
                (i32.shl (local.get $s) (local.get $shift))
                (select (i32.load8_u (i32.add (local.get $classOf) (i32.and (local.tee $c (i32.load16_u (local.get $p))) (i32.const 127)))) (i32.const 0) (i32.lt_u (local.get $c) (i32.const 128))))
              (i32.const 1))))
        (if (i32.load8_u (i32.add (local.get $quiet) (local.get $s)))
          (then
            (i32.store (local.get $h) (i32.shr_u (i32.sub (local.get $p) (local.get $base)) (i32.const 1)))
            (i32.store offset=4 (local.get $h) (local.get $s))
            (local.set $h (i32.add (local.get $h) (i32.const 8)))))
        (local.set $p (i32.add (local.get $p) (i32.const 2)))
        (br_if $done (i32.gt_u (local.get $h) (local.get $full)))
        (br_if $step (i32.lt_u (local.get $p) (local.get $end)))))
    (global.set $at (local.get $p))
    (global.set $s0 (local.get $s))
    (i32.shr_u (i32.sub (local.get $h) (global.get $hits)) (i32.const 3)))

  ;; `scan2` over UTF-16 code units, `d` bytes apart.
  (func (export "wide2") (param $p i32) (param $end i32) (param $base i32) (param $d i32) (param $all i32)
    (param $s0 i32) (param $s1 i32) (result i32)
    (local $shift i32) (local $classOf i32) (local $quiet i32) (local $h i32) (local $full i32) (local $q i32) (local $c i32)
    (local.set $shift (global.get $shift))
    (local.set $classOf (global.get $classOf))
    (local.set $quiet (global.get $quiet))
    (local.set $h (global.get $hits))
    (local.set $full (global.get $full))
    (local.set $q (i32.add (local.get $p) (local.get $d)))
    (block $done
      (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
      (loop $step
        (local.set $s0
          (i32.load16_u
            (i32.shl
              (i32.or
                (i32.shl (local.get $s0) (local.get $shift))
                (select (i32.load8_u (i32.add (local.get $classOf) (i32.and (local.tee $c (i32.load16_u (local.get $p))) (i32.const 127)))) (i32.const 0) (i32.lt_u (local.get $c) (i32.const 128))))
              (i32.const 1))))
        (local.set $s1
          (i32.load16_u
            (i32.shl
              (i32.or
                (i32.shl (local.get $s1) (local.get $shift))
                (select (i32.load8_u (i32.add (local.get $classOf) (i32.and (local.tee $c (i32.load16_u (local.get $q))) (i32.const 127)))) (i32.const 0) (i32.lt_u (local.get $c) (i32.const 128))))
              (i32.const 1))))
        (if (i32.load8_u (i32.add (local.get $quiet) (local.get $s0)))
          (then
            (i32.store (local.get $h) (i32.shr_u (i32.sub (local.get $p) (local.get $base)) (i32.const 1)))
            (i32.store offset=4 (local.get $h) (local.get $s0))
            (local.set $h (i32.add (local.get $h) (i32.const 8)))))
        (if (i32.and (i32.load8_u (i32.add (local.get $quiet) (local.get $s1))) (local.get $all))
          (then
            (i32.store (local.get $h) (i32.shr_u (i32.sub (local.get $q) (local.get $base)) (i32.const 1)))
            (i32.store offset=4 (local.get $h) (local.get $s1))
            (local.set $h (i32.add (local.get $h) (i32.const 8)))))
        (local.set $p (i32.add (local.get $p) (i32.const 2)))
        (local.set $q (i32.add (local.get $q) (i32.const 2)))
        (br_if $done (i32.gt_u (local.get $h) (local.get $full)))
        (br_if $step (i32.lt_u (local.get $p) (local.get $end)))))
    (global.set $at (local.get $p))
    (global.set $s0 (local.get $s0))
    (global.set $s1 (local.get $s1))
    (i32.shr_u (i32.sub (local.get $h) (global.get $hits)) (i32.const 3))))
