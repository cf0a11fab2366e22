//! load → validate → render of the scale project (`support/scale.rs`: n groups, n REST APIs,
//! n buckets, one user pool) for n = 1, 10, 100, 1000. Run with `cargo bench --bench scale`;
//! scripts/test.sh never runs it (CI compiles it only).
//!
//! From n = 10 the project exceeds AWS quotas (500 resources per stack, 10 managed policies
//! per role), so `render` — what `build` does — stops at the quota error, before reading the
//! template back. `render_all` measures the whole rendering work whatever the quotas say:
//! template value, policy splitting and quota checks, emission, and the read-back proof.

#[path = "support/scale.rs"]
mod scale;

use std::hint::black_box;
use std::time::Duration;

use cogform::render::engine::Engine;
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

const SIZES: [usize; 4] = [1, 10, 100, 1000];

fn render_all(project: &cogform::load::Project, engine: &Engine) -> usize {
    let mut bytes = 0;
    for (name, env) in &project.config.environments {
        let mut value =
            cogform::render::render_environment(project, engine, name, env).expect("renders");
        let problems = cogform::quota::fit(&mut value);
        let text = cogform::render::emit::to_yaml(&value);
        let back = cogform::load::yaml::parse_generated(&text).expect("reads back");
        assert!(back.value == value, "round trip");
        bytes += text.len() + problems.len();
    }
    bytes
}

fn pipeline(c: &mut Criterion) {
    let engine = Engine::new().expect("engine");
    let mut group = c.benchmark_group("scale");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    for n in SIZES {
        let dir = tempfile::TempDir::new().expect("temp dir");
        scale::write(dir.path(), n).expect("scale project");
        let root = dir.path();
        let project = cogform::load::load(root).expect("loads");
        assert!(cogform::validate::validate(&project).is_empty(), "valid");
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::new("load", n), &n, |b, _| {
            b.iter(|| black_box(cogform::load::load(root).expect("loads")))
        });
        group.bench_with_input(BenchmarkId::new("validate", n), &n, |b, _| {
            b.iter(|| black_box(cogform::validate::validate(&project)))
        });
        group.bench_with_input(BenchmarkId::new("render", n), &n, |b, _| {
            b.iter(|| black_box(cogform::pipeline::generated_files(&project, &engine).is_ok()))
        });
        group.bench_with_input(BenchmarkId::new("render_all", n), &n, |b, _| {
            b.iter(|| black_box(render_all(&project, &engine)))
        });
        group.bench_with_input(BenchmarkId::new("load_validate_render", n), &n, |b, _| {
            b.iter(|| {
                let project = cogform::load::load(root).expect("loads");
                let problems = cogform::validate::validate(&project);
                black_box((
                    problems.len(),
                    cogform::pipeline::generated_files(&project, &engine).is_ok(),
                ))
            })
        });
    }
    group.finish();
}

criterion_group!(benches, pipeline);
criterion_main!(benches);
