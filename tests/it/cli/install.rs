//! `scripts/install.sh` into a scratch prefix (no root needed), with the binaries of this
//! build (`DNSSEC_KIT_PREBUILT`, instead of a release `cargo install`) and the `dnssec-*`
//! names (`DNSSEC_KIT_SYMLINKS=1`): every binary, man page and completion is where the
//! script says, and its quickstart (keys, DS, signing, verifying) passes from the prefix.

use std::path::Path;
use std::process::Command;

use crate::support;
use dnssec_kit::tools::TOOLS;

#[test]
fn install_script_puts_everything_in_place_and_its_quickstart_passes() {
    // Inside the target directory (Cargo's CARGO_TARGET_TMPDIR), so that the binaries are
    // hard-linked into the prefix rather than copied (a debug build is some 70 MB each).
    let scratch = tempfile::Builder::new()
        .prefix("install-test")
        .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
        .expect("tempdir");
    let prefix = scratch.path().join("prefix");
    let tmp = scratch.path().join("tmp");
    std::fs::create_dir(&tmp).unwrap();
    let built = support::ours("keygen");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/install.sh");
    let out = Command::new("bash")
        .arg(&script)
        .env("PREFIX", &prefix)
        .env("TMPDIR", &tmp)
        .env("DNSSEC_KIT_SYMLINKS", "1")
        .env("DNSSEC_KIT_PREBUILT", built.parent().unwrap())
        .env("TZ", "UTC")
        .output()
        .expect("run install.sh");
    let run = support::Run::from_output(out).ok();
    assert_eq!(
        run.stdout.matches("Zone fully signed:").count(),
        2,
        "signzone's and verify's reports:\n{}",
        run.stdout
    );
    assert!(run.stdout.contains(" IN DS "), "{}", run.stdout);
    let mut missing = Vec::new();
    for tool in TOOLS {
        let name = tool.spec.name;
        let mut want = vec![
            format!("bin/{name}"),
            format!("bin/dnssec-{name}"),
            format!("share/man/man1/{name}.1"),
        ];
        for called in [name.to_string(), format!("dnssec-{name}")] {
            want.push(format!("share/bash-completion/completions/{called}"));
            want.push(format!("share/zsh/site-functions/_{called}"));
            want.push(format!("share/fish/vendor_completions.d/{called}.fish"));
        }
        missing.extend(want.into_iter().filter(|p| !prefix.join(p).is_file()));
        let bash = std::fs::read_to_string(
            prefix.join(format!("share/bash-completion/completions/dnssec-{name}")),
        )
        .unwrap_or_default();
        assert!(
            bash.contains(&format!(" dnssec-{name}\n")),
            "dnssec-{name}: the completion is not for that name"
        );
        // The dnssec- name runs the tool under that name.
        let r = support::run_in(
            scratch.path(),
            prefix.join(format!("bin/dnssec-{name}")),
            &["-V"],
        );
        assert!(r.stderr.starts_with(&format!("dnssec-{name} ")), "{r:?}");
    }
    assert!(missing.is_empty(), "not installed: {missing:?}");
    // The quickstart's scratch directory is gone.
    assert_eq!(std::fs::read_dir(&tmp).unwrap().count(), 0);
}
