//! Checks the test support module itself: the skip rule and the runner.
use crate::support;

#[test]
fn runner_reports_exit_code_and_streams() {
    let dir = support::scratch();
    let r = support::run_in(dir.path(), "sh", &["-c", "echo out; echo err >&2; exit 3"]);
    assert_eq!(
        (r.code, r.stdout.as_str(), r.stderr.as_str()),
        (3, "out\n", "err\n")
    );
    let tz = support::run_in(dir.path(), "sh", &["-c", "echo $TZ"]);
    assert_eq!(tz.stdout, "UTC\n");
}

#[test]
fn missing_tool_skips_or_fails_by_mode() {
    let missing = std::panic::catch_unwind(|| support::tool("no-such-tool-dnssec-kit"));
    if support::interop_required() {
        assert!(
            missing.is_err(),
            "a missing tool must fail under DNSSEC_KIT_INTEROP=required"
        );
    } else {
        assert_eq!(missing.ok().flatten(), None);
    }
}
