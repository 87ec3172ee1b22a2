//! The resume property, shared by the per-method tests of `first-order` and
//! `second-order` (`tests/resume.rs`, which include this file by path): pause at every
//! k, save as JSON, read back, resume, and compare with the run made without a pause.

use optim_core::{
    Checkpoint, Method, Objective, Outcome, Run, Stop, minimize, minimize_until, resume,
};

/// Everything but the wall time, to the bit.
pub fn same(a: &Run, b: &Run) -> bool {
    let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
    a.method == b.method
        && bits(&a.x) == bits(&b.x)
        && a.value.to_bits() == b.value.to_bits()
        && a.grad_norm.to_bits() == b.grad_norm.to_bits()
        && a.gradient.as_deref().map(bits) == b.gradient.as_deref().map(bits)
        && a.iterations == b.iterations
        && a.evals == b.evals
        && a.stop == b.stop
        && bits(a.trace.values()) == bits(b.trace.values())
        && bits(a.trace.grad_norms()) == bits(b.trace.grad_norms())
        && a.trace.xs().flatten().map(|x| x.to_bits()).eq(b
            .trace
            .xs()
            .flatten()
            .map(|x| x.to_bits()))
        && a.trace == b.trace
}

/// Pauses at every k, saves, reads back, resumes; returns the uninterrupted run.
pub fn resumes_bit_for_bit<O, M>(method: &M, obj: &O, x0: &[f64], stop: &Stop) -> Run
where
    O: Objective + ?Sized,
    M: Method<O>,
    M::State: serde::Serialize + serde::de::DeserializeOwned,
{
    let straight = minimize(method, obj, x0, stop).unwrap();
    assert!(
        straight.iterations >= 3,
        "{}: too short to test",
        straight.method
    );
    for k in 0..=straight.iterations {
        let checkpoint = match minimize_until(method, obj, x0, stop, k).unwrap() {
            Outcome::Paused(c) => c,
            // Only at the very end: the run stopped before reaching the pause.
            Outcome::Finished(run) => {
                assert_eq!(
                    k, straight.iterations,
                    "{}: finished before {k}",
                    run.method
                );
                assert!(same(&run, &straight));
                continue;
            }
        };
        assert_eq!(checkpoint.iteration(), k);
        let json = checkpoint.to_json();
        let back = Checkpoint::<M::State>::from_json(&json).unwrap();
        // What is read back writes the same text: nothing is lost on the way.
        assert_eq!(back.to_json(), json, "{}: k = {k}", straight.method);
        let resumed = resume(method, obj, back, stop).unwrap();
        assert!(
            same(&resumed, &straight),
            "{}: resumed after {k} of {} iterations differs",
            straight.method,
            straight.iterations
        );
    }
    straight
}
