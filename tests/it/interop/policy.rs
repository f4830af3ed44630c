//! The policy reader (`dnssec_core::kasp::read_config`) against named-checkconf on the same
//! files: exit status and every message line (docs/bind-compat.md, "keymgr: policies"), the
//! canonical form `named-checkconf -p` prints read back to the same policies, durations
//! checked at named's own lifetime boundary, and keygen `-l` following `include` and
//! `directory` as dnssec-keygen does.

use std::fs;
use std::path::Path;

use dnssec_core::kasp::{read_config, Config, ConfigError};

use crate::support::{self, Run};

/// How much of named-checkconf's output ours must reproduce.
#[derive(Clone, Copy, Debug)]
enum Match {
    /// The same lines (errors and warnings), as sets.
    Exact,
    /// named's first line (a syntax error, after which named goes on with a recovery we do
    /// not copy).
    First,
    /// Every line of ours is one of named's (named adds deprecation notes of options that
    /// are not about policies).
    Within,
}

fn checkconf(dir: &Path, args: &[&str]) -> Run {
    let prog = support::tool("named-checkconf").expect("named-checkconf");
    support::run_in(dir, prog, args)
}

/// Our lines for a file: errors then warnings, or the warnings of an accepted file.
fn our_lines(result: &Result<Config, ConfigError>) -> Vec<String> {
    match result {
        Ok(c) => c.warnings.iter().map(|m| m.to_string()).collect(),
        Err(e) => e
            .errors
            .iter()
            .chain(&e.warnings)
            .map(|m| m.to_string())
            .collect(),
    }
}

/// Runs both readers on `text` as `case.conf` and compares.
fn compare(case: &str, text: &str, how: Match) -> Result<Config, ConfigError> {
    let dir = support::scratch();
    fs::write(dir.path().join("case.conf"), text).unwrap();
    let named = checkconf(dir.path(), &["case.conf"]);
    let named_lines: Vec<String> = named
        .stdout
        .lines()
        .chain(named.stderr.lines())
        .map(str::to_string)
        .collect();
    let ours = read_config(text, Path::new("case.conf"));
    let lines = our_lines(&ours);
    assert_eq!(
        ours.is_ok(),
        named.code == 0,
        "{case}: named-checkconf exit {} with {named_lines:#?}, ours {lines:#?}",
        named.code
    );
    match how {
        Match::Exact => {
            let (mut a, mut b) = (lines.clone(), named_lines.clone());
            a.sort();
            b.sort();
            assert_eq!(a, b, "{case}");
        }
        Match::First => {
            let first = named_lines.first().expect("named printed nothing");
            assert!(lines.contains(first), "{case}: {first:?} not in {lines:#?}");
        }
        Match::Within => {
            assert!(!lines.is_empty(), "{case}: we printed nothing");
            for l in &lines {
                assert!(
                    named_lines.contains(l),
                    "{case}: {l:?} not in {named_lines:#?}"
                );
            }
        }
    }
    ours
}

const ZONE: &str = "type primary; file \"x\";";

#[test]
fn refused_as_named_checkconf_refuses() {
    if support::tool("named-checkconf").is_none() {
        return;
    }
    use Match::*;
    let cases: Vec<(&str, String, Match)> = vec![
        ("unknown option", "dnssec-policy p {\n  foo 1;\n};\n".into(), Exact),
        ("9.20 option", "dnssec-policy p { inline-signing yes; };".into(), First),
        ("duplicate", "dnssec-policy a { };\n\ndnssec-policy\n a { };".into(), Exact),
        ("reserved default", "dnssec-policy default { };".into(), Exact),
        ("reserved insecure", "dnssec-policy \"insecure\" { };".into(), Exact),
        ("reserved none", "dnssec-policy none { };".into(), Exact),
        ("policy body in view", "view v {\n dnssec-policy a { };\n};".into(), First),
        ("policy body in zone", format!("zone \"x\" {{ {ZONE} dnssec-policy a {{ }}; }};"), First),
        ("undefined in zone", format!("dnssec-policy a {{ }};\nzone \"x\"\n {{ {ZONE} inline-signing yes;\n dnssec-policy b; }};"), Exact),
        ("undefined in options", format!("options {{ dnssec-policy nosuch; }};\n\nzone \"x\" {{ {ZONE} inline-signing yes; }};"), Exact),
        ("undefined in view", format!("view v {{ dnssec-policy nosuch;\n zone \"x\" {{ {ZONE} inline-signing yes; }}; }};"), Exact),
        ("refresh vs both validities", "dnssec-policy a {\n signatures-refresh P13D;\n};".into(), Exact),
        ("refresh vs dnskey validity", "dnssec-policy a { signatures-refresh P13D; signatures-validity P30D; };".into(), Exact),
        ("jitter", "dnssec-policy a { signatures-jitter P15D; };".into(), Exact),
        ("refresh at 90%", "dnssec-policy a { signatures-validity 864000; signatures-validity-dnskey 864000; signatures-refresh 777600; };".into(), Exact),
        ("jitter above validity by 1", "dnssec-policy a { signatures-validity-dnskey 1000000; signatures-jitter 1000001; };".into(), Exact),
        ("refresh stops the key checks", "dnssec-policy a {\n signatures-refresh P20D;\n keys { csk lifetime P1D algorithm foo; };\n};".into(), Exact),
        ("bad algorithm", "dnssec-policy a { keys {\n csk lifetime unlimited\n algorithm\n foo; }; };".into(), Exact),
        ("algorithm 300", "dnssec-policy a { keys { csk lifetime unlimited algorithm 300; }; };".into(), Exact),
        ("rsa 512", "dnssec-policy a { keys { csk lifetime unlimited algorithm rsasha256\n 512; }; };".into(), Exact),
        ("rsa 8192", "dnssec-policy a { keys { csk lifetime unlimited algorithm RSASHA1 8192; }; };".into(), Exact),
        ("rsasha512 1000", "dnssec-policy a { keys { csk lifetime unlimited algorithm rsasha512 1000; }; };".into(), Exact),
        ("ksk only", "dnssec-policy a { keys { ksk lifetime unlimited algorithm ecdsa256; }; };".into(), Exact),
        ("zsk only", "dnssec-policy a {\n keys {\n zsk lifetime unlimited algorithm 13; }; };".into(), Exact),
        ("roles of several algorithms", "dnssec-policy a { keys { zsk lifetime unlimited algorithm 14; ksk lifetime unlimited algorithm 8; csk lifetime unlimited algorithm 13; csk lifetime unlimited algorithm 13; csk lifetime unlimited algorithm 10; csk lifetime unlimited algorithm 10; }; };".into(), Exact),
        ("nsec3 with rsasha1", "dnssec-policy a { keys { csk lifetime unlimited algorithm RsaSha1; };\n nsec3param; };".into(), Exact),
        ("nsec3 with dsa", "dnssec-policy a { keys { csk lifetime unlimited algorithm 3; };\nnsec3param\n  iterations 5; };".into(), Exact),
        ("nsec3 with dh", "dnssec-policy a { keys { csk lifetime unlimited algorithm dh; }; nsec3param; };".into(), Exact),
        ("nsec3 iterations", "dnssec-policy a {\n nsec3param\n iterations 151; };".into(), Exact),
        ("nsec3 iterations huge", "dnssec-policy a { nsec3param iterations 99999; };".into(), Exact),
        ("nsec3 salt", "dnssec-policy a { nsec3param optout no salt-length 256; };".into(), Exact),
        ("ksk lifetime PT3H", "dnssec-policy a {\n keys {\n  ksk\n   lifetime PT3H\n   algorithm rsasha1 512;\n  zsk lifetime P30D algorithm 13;\n };\n};".into(), Exact),
        ("zsk lifetime P8DT2H", "dnssec-policy a { keys { ksk lifetime unlimited algorithm 13; zsk lifetime P8DT2H algorithm 13; }; };".into(), Exact),
        ("csk lifetime vs signatures", "dnssec-policy a { keys { csk lifetime P40D algorithm 13; }; signatures-validity P40D; signatures-refresh P1D; };".into(), Exact),
        ("lifetime before algorithm", "dnssec-policy a { keys { csk lifetime P20D algorithm foo; }; };".into(), Exact),
        ("two bad policies", "dnssec-policy a { keys { csk lifetime 1d algorithm 13; }; };\ndnssec-policy b { keys { csk lifetime 1d algorithm 13; }; };".into(), Exact),
        ("primary without ddns or inline", format!("dnssec-policy a {{ }};\nzone \"x\" {{ {ZONE} dnssec-policy a; }};"), Exact),
        ("allow-update none", format!("zone \"x\" {{ {ZONE} dnssec-policy default; allow-update {{ none; }}; }};"), Exact),
        ("inline-signing no", format!("zone \"x\" {{ {ZONE} dnssec-policy insecure; inline-signing no; }};"), Exact),
        ("secondary", "zone \"x\" { type secondary; primaries { 192.0.2.1; }; file \"x\"; dnssec-policy default; };".into(), Exact),
        ("policy from options", "options { dnssec-policy default; };\nzone \"x\" { type primary; file \"x\"; };\nzone \"z\" { type forward; forwarders { 192.0.2.1; }; };".into(), Exact),
        ("old signing options", format!("zone \"x\" {{ {ZONE} dnssec-policy default; inline-signing yes; auto-dnssec maintain; sig-validity-interval 10; dnskey-sig-validity 10; dnssec-dnskey-kskonly yes; update-check-ksk yes; dnssec-secure-to-insecure yes; dnssec-update-mode maintain; max-zone-ttl 100; }};"), Within),
        ("one key directory, two policies", format!("dnssec-policy a {{ }};\nview v1 {{ zone \"x\" {{ {ZONE} dnssec-policy a; inline-signing yes; }}; }};\nview v2 {{ zone \"x\" {{ type primary; file \"y\"; dnssec-policy default; inline-signing yes; }}; }};"), Exact),
        ("duration word", "dnssec-policy a { dnskey-ttl foo; };".into(), Exact),
        ("weeks mixed", "dnssec-policy a { dnskey-ttl P1W2D; };".into(), Exact),
        ("duration over 32 bits", "dnssec-policy a { purge-keys 4294967296; };".into(), Exact),
        ("iso number over 32 bits", "dnssec-policy a { purge-keys P99999999999D; };".into(), Exact),
        ("role", "dnssec-policy a { keys { bsk lifetime unlimited algorithm 13; }; };".into(), Exact),
        ("no lifetime", "dnssec-policy a { keys { csk algorithm 13; }; };".into(), Exact),
        ("no algorithm", "dnssec-policy a { keys { csk lifetime unlimited; }; };".into(), Exact),
        ("key-store is 9.20", "dnssec-policy a { keys { csk key-store \"x\" lifetime unlimited algorithm 13; }; };".into(), Exact),
        ("missing semicolon", "dnssec-policy a { dnskey-ttl 1h };".into(), Exact),
        ("no closing brace", "dnssec-policy a { dnskey-ttl 1h;\n".into(), Exact),
        ("redefined", "dnssec-policy a { dnskey-ttl 1h; dnskey-ttl 2h; };".into(), Exact),
        ("boolean", "dnssec-policy a { nsec3param optout maybe; };".into(), Exact),
        ("length out of range", "dnssec-policy a { keys { csk lifetime unlimited algorithm 13 99999999999; }; };".into(), Exact),
        ("length not a number", "dnssec-policy a { keys { csk lifetime unlimited algorithm 13 foo; }; };".into(), First),
        ("nsec3param order", "dnssec-policy a {\n nsec3param\n salt-length 256 iterations 1; };".into(), First),
        ("policy without name", "dnssec-policy { dnskey-ttl 1h; };".into(), Exact),
        ("include not found", "include \"nosuch.conf\";".into(), Exact),
        ("no such directory", "options {\n directory \"/nonexistent/dir\";\n};".into(), First),
        ("quoted duration", "dnssec-policy a { dnskey-ttl \"1h\"; };".into(), Exact),
        ("quoted key words", "dnssec-policy \"a\" { keys { \"csk\" lifetime \"unlimited\" algorithm \"13\"; }; };".into(), Exact),
        ("UNLIMITED", "DNSSEC-POLICY a { KEYS { CSK LIFETIME UNLIMITED ALGORITHM 13; }; };".into(), Exact),
        ("policy names are case-sensitive", format!("dnssec-policy p {{ }};\nzone \"x\" {{ {ZONE} inline-signing yes; dnssec-policy P; }};"), Exact),
        ("keys twice", "dnssec-policy a { keys { csk lifetime unlimited algorithm 13; }; keys { csk lifetime unlimited algorithm 13; }; };".into(), Exact),
        ("nsec3param twice", "dnssec-policy a { nsec3param; nsec3param; };".into(), Exact),
        ("upper-case statements", "DNSSEC-POLICY a { KEYS { csk lifetime unlimited algorithm 13; }; };\nZONE \"x\" { TYPE PRIMARY; FILE \"x\"; DNSSEC-POLICY a; };".into(), Exact),
        ("unterminated comment", "dnssec-policy a {\n dnskey-ttl 1h; /* x\n\n".into(), Exact),
        ("unterminated string", "dnssec-policy \"a {\n dnskey-ttl 1h;\n".into(), Exact),
        ("stray brace", "dnssec-policy a { };\n}\n".into(), Exact),
        ("no semicolon at the end", "dnssec-policy a { dnskey-ttl 1h; }\n".into(), Exact),
        ("bad zone name", "zone \"a..b\" { type primary; file \"x\"; };".into(), Exact),
        ("stray semicolon", "dnssec-policy a { dnskey-ttl 1h; };\n;".into(), Exact),
        ("stray semicolon in a block", "options {\n directory \"/tmp\";; };".into(), Exact),
    ];
    assert!(cases.len() >= 25);
    for (case, text, how) in &cases {
        assert!(compare(case, text, *how).is_err(), "{case}");
    }
}

#[test]
fn warnings_as_named_checkconf_warns() {
    if support::tool("named-checkconf").is_none() {
        return;
    }
    let cases: Vec<(&str, String)> = vec![
        ("predefined length", "dnssec-policy a { keys {\n csk lifetime unlimited algorithm 13\n 200;\n csk lifetime unlimited algorithm ed25519 5; }; };".into()),
        ("deprecated", "dnssec-policy a { keys { csk lifetime unlimited algorithm\n nsec3rsasha1; }; };".into()),
        ("multiple roles", "dnssec-policy a { keys {\n csk lifetime unlimited algorithm 13;\n csk lifetime unlimited algorithm 13;\n };\n nsec3param iterations 0 optout yes salt-length 8;\n };".into()),
        ("obsolete", "dnssec-policy a {\n parent-registration-delay P1D; };".into()),
        ("lifetime under 30 days", "dnssec-policy a { keys { csk lifetime P20D algorithm 13; }; };".into()),
        ("dynamic zone", format!("dnssec-policy a {{ }};\nzone \"x\" {{ {ZONE} dnssec-policy a; allow-update {{ any; }}; }};")),
        ("update-policy", format!("zone \"x\" {{ {ZONE} dnssec-policy default; update-policy local; }};")),
        ("dynamic from options", format!("options {{ allow-update {{ any; }}; }};\nzone \"x\" {{ {ZONE} dnssec-policy default; }};")),
        ("dynamic from view", format!("view v {{ allow-update {{ any; }};\n zone \"x\" {{ {ZONE} dnssec-policy default; }}; }};")),
        ("zone max-zone-ttl", format!("zone \"x\" {{ {ZONE} dnssec-policy default; inline-signing yes; max-zone-ttl 100; }};")),
        ("same policy in two views", format!("view a {{ zone \"x\" {{ {ZONE} dnssec-policy default; inline-signing yes; }}; }};\nview b {{ zone \"x\" {{ type primary; file \"y\"; dnssec-policy default; inline-signing yes; }}; }};")),
        ("none", format!("zone \"x\" {{ {ZONE} dnssec-policy none; }};")),
        ("refresh just under 90%, jitter at validity", "dnssec-policy a { signatures-validity 864000; signatures-validity-dnskey 864000; signatures-refresh 777599; signatures-jitter 864000; };".into()),
        ("upper-case options", "dnssec-policy a { DNSKEY-TTL 1h; nsec3param optout True; };\ndnssec-policy Default { };".into()),
    ];
    for (case, text) in &cases {
        compare(case, text, Match::Exact).unwrap_or_else(|e| panic!("{case}: {e}"));
    }
}

/// A policy with every option, TTL-style and ISO durations, views and zones.
const GOOD: &str = r#"
// named.conf as found in the wild: acls, keys, logging, controls are skipped
acl "trusted" { 192.0.2.0/24; !192.0.2.1; };
key "rndc-key" { algorithm hmac-sha256; secret "c2VjcmV0"; };
logging { channel c { file "/tmp/x.log" versions 3 size 5m; }; category default { c; }; };
controls { inet 127.0.0.1 port 953 allow { 127.0.0.1; } keys { "rndc-key"; }; };
options {
    directory "@DIR@"; # relative key directories are under it
    key-directory "keys";
    dnssec-policy "every";
};
dnssec-policy "every" {
    dnskey-ttl 1h30m;
    publish-safety PT2H;
    retire-safety 2h;
    purge-keys P30D;
    signatures-jitter 1h;
    signatures-refresh P4D;
    signatures-validity 2w;
    signatures-validity-dnskey P2W;
    max-zone-ttl 0;
    zone-propagation-delay 5m;
    parent-ds-ttl P1D;
    parent-propagation-delay PT1H30M;
    keys {
        ksk key-directory lifetime P1Y algorithm ecdsap384sha384;
        zsk lifetime P6M algorithm ECDSA384;
        csk lifetime unlimited algorithm rsasha256 3072;
        csk lifetime 0 algorithm 10;
    };
    nsec3param iterations 0 optout no salt-length 0;
};
dnssec-policy nokeys { dnskey-ttl 600; /* keys from default */ };
view "outside" {
    zone "a.example" { type primary; file "a"; inline-signing yes; };
    zone "b.example" in { type primary; file "b"; dnssec-policy nokeys; key-directory "/nonexistent/keys"; update-policy local; inline-signing no; };
};
view "inside" in {
    dnssec-policy "insecure";
    key-directory "view-keys";
    zone "c.example" { type secondary; primaries { 192.0.2.1; }; file "c"; inline-signing yes; };
    zone "d.example" { type primary; file "d"; dnssec-policy none; };
    zone "." { type hint; file "root.hints"; };
};
"#;

#[test]
fn canonical_form_reads_back_the_same() {
    if support::tool("named-checkconf").is_none() {
        return;
    }
    let dir = support::scratch();
    let top = dir.path().display().to_string();
    for d in ["keys", "view-keys"] {
        fs::create_dir(dir.path().join(d)).unwrap();
    }
    let good = GOOD.replace("@DIR@", &top);
    fs::write(dir.path().join("named.conf"), &good).unwrap();
    let printed = checkconf(dir.path(), &["-p", "named.conf"]).ok().stdout;
    let ours = read_config(&good, Path::new("named.conf")).unwrap();
    let again = read_config(&printed, Path::new("printed.conf")).unwrap();
    assert_eq!(ours.policies, again.policies);
    let zones = |c: &Config| -> Vec<(String, Option<String>, Option<String>, String)> {
        c.zones
            .iter()
            .map(|z| {
                (
                    z.name.bind_text(),
                    z.view.clone(),
                    z.policy.clone(),
                    z.key_directory.display().to_string(),
                )
            })
            .collect()
    };
    assert_eq!(zones(&ours), zones(&again));
    // What was read, where named's canonical text states it in seconds.
    let every = ours.policy("every").unwrap();
    assert!(printed.contains("dnskey-ttl 5400;"), "{printed}");
    assert_eq!(every.dnskey_ttl.0, 5400);
    assert!(
        printed.contains("signatures-validity 1209600;"),
        "{printed}"
    );
    assert_eq!(every.signatures_validity.0, 1_209_600);
    assert_eq!(every.signatures_validity_dnskey.0, 1_209_600);
    assert!(printed.contains("retire-safety 7200;"));
    assert_eq!(every.retire_safety.0, 7200);
    let bits: Vec<u32> = every.keys.iter().map(|k| k.bits).collect();
    assert_eq!(bits, [384, 384, 3072, 2048]);
    let outside = Some("outside".to_string());
    let inside = Some("inside".to_string());
    assert_eq!(
        zones(&ours),
        [
            (
                "a.example".into(),
                outside.clone(),
                Some("every".into()),
                format!("{top}/keys")
            ),
            (
                "b.example".into(),
                outside,
                Some("nokeys".into()),
                "/nonexistent/keys".into()
            ),
            (
                "c.example".into(),
                inside.clone(),
                Some("insecure".into()),
                format!("{top}/view-keys")
            ),
            ("d.example".into(), inside, None, format!("{top}/view-keys")),
        ]
    );
    assert_eq!(
        ours.policy("nokeys").unwrap().keys,
        ours.policy("default").unwrap().keys
    );
    // Both accept it and warn alike: only that /nonexistent/keys is missing (the ECDSA384
    // ZSK beside the ECDSAP384SHA384 KSK is not a second key of a role; the two RSA CSKs
    // have different algorithms).
    compare("good", &good, Match::Exact).unwrap();
}

/// named refuses a lifetime at or below the time a rollover takes: with `parent-ds-ttl D`
/// that minimum is D + 7200 for a KSK (retire-safety and parent-propagation-delay at their
/// defaults), so named itself shows where D's value in seconds lies.
#[test]
fn durations_convert_as_named_converts_them() {
    if support::tool("named-checkconf").is_none() {
        return;
    }
    for text in [
        "PT1H30M",
        "1h30m",
        "P1Y",
        "P6M",
        "P1M",
        "P2W",
        "2w",
        "p1d",
        "P1Y2M3DT4H5M6S",
        "1w2d3h4m5s",
        "P10DT",
        "PT86399S",
        "1d1d",
    ] {
        let d = dnssec_core::kasp::parse_duration(text).unwrap().0;
        for (lifetime, ok) in [(d + 7200, false), (d + 7201, true)] {
            let conf = format!(
                "dnssec-policy a {{ parent-ds-ttl {text}; keys {{ ksk lifetime {lifetime} algorithm 13; zsk lifetime unlimited algorithm 13; }}; }};"
            );
            let ours = compare(&format!("{text} at {lifetime}"), &conf, Match::Exact);
            assert_eq!(ours.is_ok(), ok, "{text}: {lifetime}");
        }
    }
}

/// named-checkconf resolves an `include` after `options { directory }` under it; so does
/// the reader.
#[test]
fn includes_follow_directory_like_named() {
    if support::tool("named-checkconf").is_none() {
        return;
    }
    let dir = support::scratch();
    fs::create_dir_all(dir.path().join("etc/pol")).unwrap();
    fs::write(
        dir.path().join("etc/pol/p.conf"),
        "dnssec-policy p {\n dnskey-ttl 1h30m;\n foo;\n};\n",
    )
    .unwrap();
    let text = format!(
        "options {{ directory \"{}\"; }};\ninclude \"pol/p.conf\";\n",
        dir.path().join("etc").display()
    );
    // An unknown option in the included file, named by the include's own name and line.
    let e = compare("include under directory", &text, Match::Exact).unwrap_err();
    assert_eq!(e.to_string(), "pol/p.conf:3: unknown option 'foo'");
    // Before the options, the same include is relative to the working directory: not found.
    let text = format!(
        "include \"pol/p.conf\";\noptions {{ directory \"{}\"; }};\n",
        dir.path().join("etc").display()
    );
    let e = compare("include before directory", &text, Match::Exact).unwrap_err();
    assert_eq!(e.to_string(), "case.conf:1: parsing failed: file not found");
    // Inside a view, the included zone is in the view, located in the included file.
    fs::write(
        dir.path().join("etc/pol/z.conf"),
        "zone \"y\" { type primary; file \"y\";\n dnssec-policy nosuch; inline-signing yes; };\n",
    )
    .unwrap();
    let text = format!(
        "options {{ directory \"{}\"; }};\nview v {{\n include \"pol/z.conf\";\n}};\n",
        dir.path().join("etc").display()
    );
    let e = compare("include in a view", &text, Match::Exact).unwrap_err();
    assert_eq!(
        e.to_string(),
        "pol/z.conf:1: zone 'y': option 'dnssec-policy nosuch' has no matching dnssec-policy config"
    );
}

/// keygen `-l` reads through `include` as dnssec-keygen does: relative to the working
/// directory, `directory` in the options changing nothing (dnssec-keygen, unlike named,
/// does not change into it); the policy's durations reach the key files (`.key` TTL,
/// `.state` Lifetime) as BIND's keygen writes them.
#[test]
fn keygen_follows_includes_like_dnssec_keygen() {
    let Some(bind_keygen) = support::tool("dnssec-keygen") else {
        return;
    };
    let (o, b) = (support::scratch(), support::scratch());
    let named_conf = |d: &Path, second: &str| {
        format!(
            "include \"etc/first.conf\";\noptions {{ directory \"{}\"; }};\ninclude \"{second}\";\n",
            d.join("etc").display()
        )
    };
    for d in [o.path(), b.path()] {
        fs::create_dir_all(d.join("etc/pol")).unwrap();
        fs::write(d.join("named.conf"), named_conf(d, "etc/pol/p.conf")).unwrap();
        fs::write(d.join("etc/first.conf"), "acl a { any; };\n").unwrap();
        fs::write(
            d.join("etc/pol/p.conf"),
            "dnssec-policy p {\n dnskey-ttl 1h30m;\n keys { ksk lifetime P6M algorithm 13; zsk lifetime P1Y algorithm 13; };\n};\n",
        )
        .unwrap();
    }
    let args = ["-q", "-l", "named.conf", "-k", "p", "x.test"];
    let ours = support::run_in(o.path(), support::ours("keygen"), &args).ok();
    let bind = support::run_in(b.path(), &bind_keygen, &args).ok();
    let facts = |dir: &Path, out: &str| -> Vec<(String, String)> {
        out.lines()
            .map(|k| {
                let key = fs::read_to_string(dir.join(format!("{k}.key"))).unwrap();
                let state = fs::read_to_string(dir.join(format!("{k}.state"))).unwrap();
                let ttl = key
                    .lines()
                    .find(|l| !l.starts_with(';'))
                    .unwrap()
                    .split_whitespace()
                    .nth(1)
                    .unwrap()
                    .to_string();
                let life = state
                    .lines()
                    .find(|l| l.starts_with("Lifetime:"))
                    .unwrap()
                    .to_string();
                (ttl, life)
            })
            .collect()
    };
    let want = facts(b.path(), &bind.stdout);
    assert_eq!(
        want,
        [
            ("5400".to_string(), "Lifetime: 16070400".to_string()),
            ("5400".to_string(), "Lifetime: 31536000".to_string()),
        ]
    );
    assert_eq!(facts(o.path(), &ours.stdout), want);
    // The include named relative to `directory` is not found by either.
    for d in [o.path(), b.path()] {
        fs::write(d.join("named.conf"), named_conf(d, "pol/p.conf")).unwrap();
    }
    let before = support::keys::snapshot(o.path());
    let ours = support::run_in(o.path(), support::ours("keygen"), &args);
    let bind = support::run_in(b.path(), &bind_keygen, &args);
    assert_ne!(bind.code, 0);
    assert_eq!(ours.code, bind.code, "{}", ours.stderr);
    assert_eq!(support::keys::snapshot(o.path()), before, "no key written");
}

/// keygen `-k a -l FILE` refuses what dnssec-keygen refuses: a syntax error anywhere in the
/// file, or a failed check of policy `a` (and only of `a`: other policies and zones are not
/// its business), a policy without keys, and makes the keys of a policy that passes. The
/// messages are dnssec-keygen's, line for line (program name aside): the check's
/// `warning:`/`error: FILE:LINE:` lines, then `failed to configure dnssec-policy 'a': RESULT`
/// or `has no keys configured`; a syntax error ends with `unable to load ... from 'FILE'`
/// (the first error line is compared by file and line only: the parser's words are ours, and
/// BIND's parser goes on after the first error with a recovery we do not copy).
#[test]
fn keygen_refuses_what_dnssec_keygen_refuses() {
    let Some(bind_keygen) = support::tool("dnssec-keygen") else {
        return;
    };
    const KEYS: &str = "keys { csk lifetime unlimited algorithm 13; };";
    let cases: Vec<(&str, String, bool)> = vec![
        ("syntax error elsewhere", format!("dnssec-policy a {{ {KEYS} }};\noptions {{ foo 1 }};"), false),
        ("unknown option", format!("dnssec-policy a {{ {KEYS} foo 1; }};"), false),
        ("refresh", format!("dnssec-policy a {{ {KEYS} signatures-refresh P13D; }};"), false),
        ("jitter", format!("dnssec-policy a {{ {KEYS} signatures-jitter P15D; }};"), false),
        ("lifetime", "dnssec-policy a { keys { csk lifetime P1D algorithm 13; }; };".into(), false),
        ("bad algorithm", "dnssec-policy a { keys { csk lifetime unlimited algorithm foo; }; };".into(), false),
        ("rsa length", "dnssec-policy a { keys { csk lifetime unlimited algorithm 8 512; }; };".into(), false),
        ("roles", "dnssec-policy a { keys { ksk lifetime unlimited algorithm 13; }; };".into(), false),
        ("nsec3", "dnssec-policy a { keys { csk lifetime unlimited algorithm 5; }; nsec3param; };".into(), false),
        ("iterations", format!("dnssec-policy a {{ {KEYS} nsec3param iterations 151; }};")  , false),
        ("other policy bad", format!("dnssec-policy a {{ {KEYS} }};\ndnssec-policy b {{ signatures-refresh P20D; }};"), true),
        ("zone check fails", format!("dnssec-policy a {{ {KEYS} }};\nzone \"x\" {{ {ZONE} dnssec-policy nosuch; }};"), true),
        ("warnings only", "dnssec-policy a { keys { csk lifetime P20D algorithm 13 100; }; parent-registration-delay 1d; };".into(), true),
        ("two keys", "dnssec-policy a {\n dnskey-ttl 1h30m;\n keys { ksk lifetime P1Y algorithm 13; zsk lifetime P6M algorithm 13; };\n};".into(), true),
        ("no keys", "dnssec-policy a { dnskey-ttl 600; };".into(), false),
        ("empty keys", "dnssec-policy a { keys { }; };".into(), false),
        ("lifetime on line 3", "dnssec-policy b { keys { csk lifetime P1D algorithm 13; }; };\n\ndnssec-policy a {\n keys { csk lifetime P1D algorithm 13; }; };".into(), false),
    ];
    for (case, text, made) in &cases {
        let (o, b) = (support::scratch(), support::scratch());
        for d in [o.path(), b.path()] {
            fs::write(d.join("case.conf"), text).unwrap();
        }
        let args = ["-q", "-k", "a", "-l", "case.conf", "x.test"];
        let ours = support::run_in(o.path(), support::ours("keygen"), &args);
        let bind = support::run_in(b.path(), &bind_keygen, &args);
        assert_eq!(bind.code == 0, *made, "{case}: BIND {}", bind.stderr);
        assert_eq!(ours.code, bind.code, "{case}: ours {}", ours.stderr);
        assert_eq!(
            ours.stdout.lines().count(),
            bind.stdout.lines().count(),
            "{case}: keys made"
        );
        let strip = |text: &str, prog: &str| text.replace(&format!("{prog}: "), "PROG: ");
        let (theirs, mine) = (
            strip(&bind.stderr, "dnssec-keygen"),
            strip(&ours.stderr, "keygen"),
        );
        if theirs.contains("unable to load dnssec-policy") {
            let located = |t: &str| -> Vec<String> {
                let first = t.lines().next().unwrap_or_default();
                let first = match first.strip_prefix("PROG: error: ") {
                    Some(rest) => rest.splitn(3, ':').take(2).collect::<Vec<_>>().join(":"),
                    None => first.to_string(),
                };
                vec![first, t.lines().last().unwrap_or_default().to_string()]
            };
            assert_eq!(located(&mine), located(&theirs), "{case}: ours {mine}");
        } else {
            assert_eq!(mine, theirs, "{case}");
        }
    }
}
