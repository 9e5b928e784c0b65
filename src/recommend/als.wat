;; The float32 ALS half-sweep in WebAssembly with 128-bit SIMD (f32x4), the kernel behind
;; fitAls(…, { precision: 'float32' }) where the runtime validates SIMD modules.
;; Assembled by scripts/build-wasm.mjs (wabt, a dev dependency) into als-wasm.generated.ts; never
;; loaded from the network. Same algorithm as als-f32.ts and ../shared/baselines/als_cg.c: the
;; YᵀY trick and `steps` conjugate-gradient steps per row warm-started from the previous factors,
;; all in float32 with four-lane sums (so results differ from the double-accumulating TypeScript
;; path by float32 rounding).
;;
;; Layout (byte addresses, 16-aligned, chosen by the caller): factor rows are `n` floats long, `n`
;; the factor count rounded up to a multiple of 4 with zero padding (padding stays zero: the Gram
;; matrix is zero outside the first f rows and columns, so every CG vector keeps zero padding).
(module
  (memory (export "memory") 1)

  ;; Σ a[i]·b[i] over n floats (n a positive multiple of 4), two f32x4 accumulators.
  (func $dot (param $a i32) (param $b i32) (param $n i32) (result f32)
    (local $s0 v128) (local $s1 v128) (local $end i32)
    (local.set $end (i32.add (local.get $a) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $pairs
        (br_if $done (i32.gt_u (i32.add (local.get $a) (i32.const 32)) (local.get $end)))
        (local.set $s0 (f32x4.add (local.get $s0) (f32x4.mul (v128.load (local.get $a)) (v128.load (local.get $b)))))
        (local.set $s1 (f32x4.add (local.get $s1) (f32x4.mul (v128.load offset=16 (local.get $a)) (v128.load offset=16 (local.get $b)))))
        (local.set $a (i32.add (local.get $a) (i32.const 32)))
        (local.set $b (i32.add (local.get $b) (i32.const 32)))
        (br $pairs)))
    (if (i32.lt_u (local.get $a) (local.get $end))
      (then (local.set $s0 (f32x4.add (local.get $s0) (f32x4.mul (v128.load (local.get $a)) (v128.load (local.get $b)))))))
    (local.set $s0 (f32x4.add (local.get $s0) (local.get $s1)))
    (f32.add
      (f32.add (f32x4.extract_lane 0 (local.get $s0)) (f32x4.extract_lane 1 (local.get $s0)))
      (f32.add (f32x4.extract_lane 2 (local.get $s0)) (f32x4.extract_lane 3 (local.get $s0)))))

  ;; o[i] += w·y[i] over n floats.
  (func $axpy (param $o i32) (param $w f32) (param $y i32) (param $n i32)
    (local $ws v128) (local $end i32)
    (local.set $ws (f32x4.splat (local.get $w)))
    (local.set $end (i32.add (local.get $o) (i32.shl (local.get $n) (i32.const 2))))
    (loop $l
      (v128.store (local.get $o) (f32x4.add (v128.load (local.get $o)) (f32x4.mul (local.get $ws) (v128.load (local.get $y)))))
      (local.set $o (i32.add (local.get $o) (i32.const 16)))
      (local.set $y (i32.add (local.get $y) (i32.const 16)))
      (br_if $l (i32.lt_u (local.get $o) (local.get $end)))))

  ;; out = G v for the symmetric n × n G, as Σ_b v[b]·G[b,:] over the first f rows.
  (func $gramTimes (param $g i32) (param $v i32) (param $out i32) (param $n i32) (param $f i32)
    (local $b i32) (local $row i32) (local $stride i32)
    (memory.fill (local.get $out) (i32.const 0) (i32.shl (local.get $n) (i32.const 2)))
    (local.set $stride (i32.shl (local.get $n) (i32.const 2)))
    (local.set $row (local.get $g))
    (loop $l
      (call $axpy (local.get $out) (f32.load (i32.add (local.get $v) (i32.shl (local.get $b) (i32.const 2)))) (local.get $row) (local.get $n))
      (local.set $row (i32.add (local.get $row) (local.get $stride)))
      (local.set $b (i32.add (local.get $b) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $b) (local.get $f)))))

  ;; G = YᵀY + reg·I over nY rows of Y (n × n, zero outside the first f rows and columns).
  (func (export "gram") (param $y i32) (param $nY i32) (param $n i32) (param $f i32) (param $reg f32) (param $g i32)
    (local $i i32) (local $a i32) (local $row i32) (local $stride i32) (local $at i32)
    (local.set $stride (i32.shl (local.get $n) (i32.const 2)))
    (memory.fill (local.get $g) (i32.const 0) (i32.mul (local.get $stride) (local.get $n)))
    (local.set $row (local.get $y))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $i) (local.get $nY)))
        (local.set $a (i32.const 0))
        (loop $cols
          (call $axpy
            (i32.add (local.get $g) (i32.mul (local.get $a) (local.get $stride)))
            (f32.load (i32.add (local.get $row) (i32.shl (local.get $a) (i32.const 2))))
            (local.get $row) (local.get $n))
          (local.set $a (i32.add (local.get $a) (i32.const 1)))
          (br_if $cols (i32.lt_u (local.get $a) (local.get $f))))
        (local.set $row (i32.add (local.get $row) (local.get $stride)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows)))
    (local.set $a (i32.const 0))
    (loop $diag
      (local.set $at (i32.add (local.get $g) (i32.shl (i32.add (i32.mul (local.get $a) (local.get $n)) (local.get $a)) (i32.const 2))))
      (f32.store (local.get $at) (f32.add (f32.load (local.get $at)) (local.get $reg)))
      (local.set $a (i32.add (local.get $a) (i32.const 1)))
      (br_if $diag (i32.lt_u (local.get $a) (local.get $f)))))

  ;; Solves rows [u0, u1) of X against Y: `steps` CG steps per row on
  ;; (G + Σ (c−1) y yᵀ) x = Σ c y, warm-started from x. indptr/indices are int32, conf float32 (c).
  (func (export "solve")
    (param $x0 i32) (param $y0 i32) (param $u0 i32) (param $u1 i32) (param $n i32) (param $f i32)
    (param $indptr i32) (param $indices i32) (param $conf i32) (param $steps i32)
    (param $g i32) (param $r i32) (param $p i32) (param $ap i32)
    (local $u i32) (local $x i32) (local $k i32) (local $e i32) (local $q i32) (local $c f32)
    (local $stride i32) (local $it i32) (local $rsold f32) (local $rsnew f32) (local $pap f32)
    (local $alpha f32) (local $beta f32) (local $bs v128) (local $i i32) (local $end i32)
    (local.set $stride (i32.shl (local.get $n) (i32.const 2)))
    (local.set $u (local.get $u0))
    (block $allDone
      (loop $rows
        (br_if $allDone (i32.ge_u (local.get $u) (local.get $u1)))
        (local.set $x (i32.add (local.get $x0) (i32.mul (local.get $u) (local.get $stride))))
        (local.set $k (i32.load (i32.add (local.get $indptr) (i32.shl (local.get $u) (i32.const 2)))))
        (local.set $e (i32.load offset=4 (i32.add (local.get $indptr) (i32.shl (local.get $u) (i32.const 2)))))
        ;; r = −G x + Σ (c − (c − 1) yᵀx) y
        (call $gramTimes (local.get $g) (local.get $x) (local.get $r) (local.get $n) (local.get $f))
        (local.set $i (i32.const 0))
        (loop $neg
          (v128.store (i32.add (local.get $r) (local.get $i)) (f32x4.neg (v128.load (i32.add (local.get $r) (local.get $i)))))
          (local.set $i (i32.add (local.get $i) (i32.const 16)))
          (br_if $neg (i32.lt_u (local.get $i) (local.get $stride))))
        (block $bDone
          (loop $b
            (br_if $bDone (i32.ge_u (local.get $k) (local.get $e)))
            (local.set $q (i32.add (local.get $y0) (i32.mul (i32.load (i32.add (local.get $indices) (i32.shl (local.get $k) (i32.const 2)))) (local.get $stride))))
            (local.set $c (f32.load (i32.add (local.get $conf) (i32.shl (local.get $k) (i32.const 2)))))
            (call $axpy (local.get $r)
              (f32.sub (local.get $c) (f32.mul (f32.sub (local.get $c) (f32.const 1)) (call $dot (local.get $q) (local.get $x) (local.get $n))))
              (local.get $q) (local.get $n))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br $b)))
        (memory.copy (local.get $p) (local.get $r) (local.get $stride))
        (local.set $rsold (call $dot (local.get $r) (local.get $r) (local.get $n)))
        (block $rowDone
          (br_if $rowDone (f32.lt (local.get $rsold) (f32.const 1e-20)))
          (local.set $it (i32.const 0))
          (loop $cg
            (br_if $rowDone (i32.ge_u (local.get $it) (local.get $steps)))
            ;; ap = G p + Σ (c − 1)(yᵀp) y
            (call $gramTimes (local.get $g) (local.get $p) (local.get $ap) (local.get $n) (local.get $f))
            (local.set $k (i32.load (i32.add (local.get $indptr) (i32.shl (local.get $u) (i32.const 2)))))
            (block $aDone
              (loop $a
                (br_if $aDone (i32.ge_u (local.get $k) (local.get $e)))
                (local.set $q (i32.add (local.get $y0) (i32.mul (i32.load (i32.add (local.get $indices) (i32.shl (local.get $k) (i32.const 2)))) (local.get $stride))))
                (call $axpy (local.get $ap)
                  (f32.mul
                    (f32.sub (f32.load (i32.add (local.get $conf) (i32.shl (local.get $k) (i32.const 2)))) (f32.const 1))
                    (call $dot (local.get $q) (local.get $p) (local.get $n)))
                  (local.get $q) (local.get $n))
                (local.set $k (i32.add (local.get $k) (i32.const 1)))
                (br $a)))
            (local.set $pap (call $dot (local.get $p) (local.get $ap) (local.get $n)))
            (br_if $rowDone (i32.eqz (f32.gt (local.get $pap) (f32.const 0))))
            (local.set $alpha (f32.div (local.get $rsold) (local.get $pap)))
            (call $axpy (local.get $x) (local.get $alpha) (local.get $p) (local.get $n))
            (call $axpy (local.get $r) (f32.neg (local.get $alpha)) (local.get $ap) (local.get $n))
            (local.set $rsnew (call $dot (local.get $r) (local.get $r) (local.get $n)))
            (br_if $rowDone (f32.lt (local.get $rsnew) (f32.const 1e-20)))
            (local.set $beta (f32.div (local.get $rsnew) (local.get $rsold)))
            ;; p = r + beta p
            (local.set $bs (f32x4.splat (local.get $beta)))
            (local.set $i (i32.const 0))
            (loop $upd
              (v128.store (i32.add (local.get $p) (local.get $i))
                (f32x4.add (v128.load (i32.add (local.get $r) (local.get $i)))
                  (f32x4.mul (local.get $bs) (v128.load (i32.add (local.get $p) (local.get $i))))))
              (local.set $i (i32.add (local.get $i) (i32.const 16)))
              (br_if $upd (i32.lt_u (local.get $i) (local.get $stride))))
            (local.set $rsold (local.get $rsnew))
            (local.set $it (i32.add (local.get $it) (i32.const 1)))
            (br $cg)))
        (local.set $u (i32.add (local.get $u) (i32.const 1)))
        (br $rows))))
)
