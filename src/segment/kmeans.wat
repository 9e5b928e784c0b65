;; Squared distances from blocks of rows to the k-means centres in WebAssembly with 128-bit SIMD
;; (f64x2), the kernel behind fitKMeans's Lloyd iterations where the runtime validates SIMD modules.
;; Assembled by scripts/build-wasm.mjs (wabt, a dev dependency) into kmeans-wasm.generated.ts;
;; never loaded from the network.
;;
;; Both functions add the same float64 terms in the same order as the TypeScript kernels of
;; kmeans-kernel.ts, so every distance is bit-identical to the fallback path (WebAssembly has no
;; fused multiply-add in these instructions and rounds every operation to nearest):
;;   - `first` follows distancesToCentres: one running sum per centre over the columns in order.
;;     The two lanes hold two centres, so the centres are read from a pair-interleaved copy `ct`:
;;     for pair q and column j, [C[2q][j], C[2q + 1][j]] at ct + 16·(q·p + j).
;;   - `dist` follows sqDist: the two lanes hold the sums over the even and the odd columns of one
;;     centre; an odd last column is added to the even sum, then the two sums are added.
;; Four independent accumulators (four pairs, or four centres) keep the adds pipelined.
;; All pointers are byte addresses chosen by the caller (kmeans-wasm.ts); rows are p doubles,
;; staged by the caller in a small block of this memory.
(module
  (memory (export "memory") 1)

  ;; For the `rows` consecutive rows from x: 2·pairs squared distances per row (pair-interleaved
;; centres at ct) at out.
  (func (export "first") (param $x i32) (param $ct i32) (param $out i32) (param $rows i32) (param $p i32) (param $pairs i32)
    (local $rb i32) (local $pb i32) (local $end i32) (local $q i32) (local $c i32) (local $cj i32) (local $j i32)
    (local $xs v128) (local $d v128) (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local.set $rb (i32.shl (local.get $p) (i32.const 3)))
    (local.set $pb (i32.shl (local.get $p) (i32.const 4)))
    (local.set $end (i32.add (local.get $x) (i32.mul (local.get $rows) (local.get $rb))))
    (block $rowsDone
      (loop $rowsLoop
        (br_if $rowsDone (i32.ge_u (local.get $x) (local.get $end)))
        (local.set $q (i32.const 0))
        (local.set $c (local.get $ct))
        ;; four pairs (eight centres) at a time
        (block $g4Done
          (loop $g4
            (br_if $g4Done (i32.gt_u (i32.add (local.get $q) (i32.const 4)) (local.get $pairs)))
            (local.set $a0 (v128.const i64x2 0 0))
            (local.set $a1 (v128.const i64x2 0 0))
            (local.set $a2 (v128.const i64x2 0 0))
            (local.set $a3 (v128.const i64x2 0 0))
            (local.set $j (i32.const 0))
            (local.set $cj (local.get $c))
            (loop $cols
              (local.set $xs (f64x2.splat (f64.load (i32.add (local.get $x) (local.get $j)))))
              (local.set $d (f64x2.sub (local.get $xs) (v128.load (local.get $cj))))
              (local.set $a0 (f64x2.add (local.get $a0) (f64x2.mul (local.get $d) (local.get $d))))
              (local.set $d (f64x2.sub (local.get $xs) (v128.load (i32.add (local.get $cj) (local.get $pb)))))
              (local.set $a1 (f64x2.add (local.get $a1) (f64x2.mul (local.get $d) (local.get $d))))
              (local.set $d (f64x2.sub (local.get $xs) (v128.load (i32.add (local.get $cj) (i32.shl (local.get $pb) (i32.const 1))))))
              (local.set $a2 (f64x2.add (local.get $a2) (f64x2.mul (local.get $d) (local.get $d))))
              (local.set $d (f64x2.sub (local.get $xs) (v128.load (i32.add (local.get $cj) (i32.mul (local.get $pb) (i32.const 3))))))
              (local.set $a3 (f64x2.add (local.get $a3) (f64x2.mul (local.get $d) (local.get $d))))
              (local.set $j (i32.add (local.get $j) (i32.const 8)))
              (local.set $cj (i32.add (local.get $cj) (i32.const 16)))
              (br_if $cols (i32.lt_u (local.get $j) (local.get $rb))))
            (v128.store (local.get $out) (local.get $a0))
            (v128.store offset=16 (local.get $out) (local.get $a1))
            (v128.store offset=32 (local.get $out) (local.get $a2))
            (v128.store offset=48 (local.get $out) (local.get $a3))
            (local.set $out (i32.add (local.get $out) (i32.const 64)))
            (local.set $c (i32.add (local.get $c) (i32.shl (local.get $pb) (i32.const 2))))
            (local.set $q (i32.add (local.get $q) (i32.const 4)))
            (br $g4)))
        ;; the remaining pairs one at a time
        (block $g1Done
          (loop $g1
            (br_if $g1Done (i32.ge_u (local.get $q) (local.get $pairs)))
            (local.set $a0 (v128.const i64x2 0 0))
            (local.set $j (i32.const 0))
            (loop $cols1
              (local.set $d
                (f64x2.sub (f64x2.splat (f64.load (i32.add (local.get $x) (local.get $j)))) (v128.load (local.get $c))))
              (local.set $a0 (f64x2.add (local.get $a0) (f64x2.mul (local.get $d) (local.get $d))))
              (local.set $j (i32.add (local.get $j) (i32.const 8)))
              (local.set $c (i32.add (local.get $c) (i32.const 16)))
              (br_if $cols1 (i32.lt_u (local.get $j) (local.get $rb))))
            (v128.store (local.get $out) (local.get $a0))
            (local.set $out (i32.add (local.get $out) (i32.const 16)))
            (local.set $q (i32.add (local.get $q) (i32.const 1)))
            (br $g1)))
        (local.set $x (i32.add (local.get $x) (local.get $rb)))
        (br $rowsLoop))))

  ;; sqDist's final step: (even sum + the odd last column's square, if any) + odd sum.
  (func $finish (param $acc v128) (param $x i32) (param $c i32) (param $odd i32) (result f64)
    (local $t f64) (local $d f64)
    (if (local.get $odd)
      (then
        (local.set $d (f64.sub (f64.load (local.get $x)) (f64.load (local.get $c))))
        (local.set $t (f64.mul (local.get $d) (local.get $d)))))
    (f64.add (f64.add (f64x2.extract_lane 0 (local.get $acc)) (local.get $t)) (f64x2.extract_lane 1 (local.get $acc))))

  ;; For the `rows` rows whose indices (i32) are at idx, each at xs + index·8p: k squared distances
  ;; per row (row-major centres at cp, k × p) at out.
  (func (export "dist") (param $xs i32) (param $idx i32) (param $cp i32) (param $out i32) (param $rows i32) (param $p i32) (param $k i32)
    (local $x i32) (local $rb i32) (local $pe i32) (local $odd i32) (local $end i32) (local $c i32) (local $cc i32) (local $j i32)
    (local $rb2 i32) (local $rb3 i32)
    (local $xv v128) (local $d v128) (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local.set $rb (i32.shl (local.get $p) (i32.const 3)))
    (local.set $rb2 (i32.shl (local.get $rb) (i32.const 1)))
    (local.set $rb3 (i32.add (local.get $rb2) (local.get $rb)))
    (local.set $pe (i32.shl (i32.and (local.get $p) (i32.const -2)) (i32.const 3)))
    (local.set $odd (i32.and (local.get $p) (i32.const 1)))
    (local.set $end (i32.add (local.get $idx) (i32.shl (local.get $rows) (i32.const 2))))
    (block $rowsDone
      (loop $rowsLoop
        (br_if $rowsDone (i32.ge_u (local.get $idx) (local.get $end)))
        (local.set $x (i32.add (local.get $xs) (i32.mul (i32.load (local.get $idx)) (local.get $rb))))
        (local.set $c (i32.const 0))
        (local.set $cc (local.get $cp))
        ;; four centres at a time
        (block $g4Done
          (loop $g4
            (br_if $g4Done (i32.gt_u (i32.add (local.get $c) (i32.const 4)) (local.get $k)))
            (local.set $a0 (v128.const i64x2 0 0))
            (local.set $a1 (v128.const i64x2 0 0))
            (local.set $a2 (v128.const i64x2 0 0))
            (local.set $a3 (v128.const i64x2 0 0))
            (local.set $j (i32.const 0))
            (block $colsDone
              (loop $cols
                (br_if $colsDone (i32.ge_u (local.get $j) (local.get $pe)))
                (local.set $xv (v128.load (i32.add (local.get $x) (local.get $j))))
                (local.set $d (f64x2.sub (local.get $xv) (v128.load (i32.add (local.get $cc) (local.get $j)))))
                (local.set $a0 (f64x2.add (local.get $a0) (f64x2.mul (local.get $d) (local.get $d))))
                (local.set $d (f64x2.sub (local.get $xv) (v128.load (i32.add (i32.add (local.get $cc) (local.get $rb)) (local.get $j)))))
                (local.set $a1 (f64x2.add (local.get $a1) (f64x2.mul (local.get $d) (local.get $d))))
                (local.set $d (f64x2.sub (local.get $xv) (v128.load (i32.add (i32.add (local.get $cc) (local.get $rb2)) (local.get $j)))))
                (local.set $a2 (f64x2.add (local.get $a2) (f64x2.mul (local.get $d) (local.get $d))))
                (local.set $d (f64x2.sub (local.get $xv) (v128.load (i32.add (i32.add (local.get $cc) (local.get $rb3)) (local.get $j)))))
                (local.set $a3 (f64x2.add (local.get $a3) (f64x2.mul (local.get $d) (local.get $d))))
                (local.set $j (i32.add (local.get $j) (i32.const 16)))
                (br $cols)))
            (f64.store (local.get $out)
              (call $finish (local.get $a0) (i32.add (local.get $x) (local.get $pe)) (i32.add (local.get $cc) (local.get $pe)) (local.get $odd)))
            (f64.store offset=8 (local.get $out)
              (call $finish (local.get $a1) (i32.add (local.get $x) (local.get $pe))
                (i32.add (i32.add (local.get $cc) (local.get $rb)) (local.get $pe)) (local.get $odd)))
            (f64.store offset=16 (local.get $out)
              (call $finish (local.get $a2) (i32.add (local.get $x) (local.get $pe))
                (i32.add (i32.add (local.get $cc) (local.get $rb2)) (local.get $pe)) (local.get $odd)))
            (f64.store offset=24 (local.get $out)
              (call $finish (local.get $a3) (i32.add (local.get $x) (local.get $pe))
                (i32.add (i32.add (local.get $cc) (local.get $rb3)) (local.get $pe)) (local.get $odd)))
            (local.set $out (i32.add (local.get $out) (i32.const 32)))
            (local.set $cc (i32.add (local.get $cc) (i32.shl (local.get $rb) (i32.const 2))))
            (local.set $c (i32.add (local.get $c) (i32.const 4)))
            (br $g4)))
        ;; the remaining centres one at a time
        (block $g1Done
          (loop $g1
            (br_if $g1Done (i32.ge_u (local.get $c) (local.get $k)))
            (local.set $a0 (v128.const i64x2 0 0))
            (local.set $j (i32.const 0))
            (block $cols1Done
              (loop $cols1
                (br_if $cols1Done (i32.ge_u (local.get $j) (local.get $pe)))
                (local.set $d
                  (f64x2.sub (v128.load (i32.add (local.get $x) (local.get $j))) (v128.load (i32.add (local.get $cc) (local.get $j)))))
                (local.set $a0 (f64x2.add (local.get $a0) (f64x2.mul (local.get $d) (local.get $d))))
                (local.set $j (i32.add (local.get $j) (i32.const 16)))
                (br $cols1)))
            (f64.store (local.get $out)
              (call $finish (local.get $a0) (i32.add (local.get $x) (local.get $pe)) (i32.add (local.get $cc) (local.get $pe)) (local.get $odd)))
            (local.set $out (i32.add (local.get $out) (i32.const 8)))
            (local.set $cc (i32.add (local.get $cc) (local.get $rb)))
            (local.set $c (i32.add (local.get $c) (i32.const 1)))
            (br $g1)))
        (local.set $idx (i32.add (local.get $idx) (i32.const 4)))
        (br $rowsLoop)))))
