//! multisigner against live servers: each provider's signed zone (ours, and one signed by
//! BIND's dnssec-signzone) served by its own `named` on 127.0.0.1 with a free port; the
//! `@server` sources agree with the files, inconsistencies are named with provider and key,
//! the servers of one provider that disagree are named (two ports on 127.0.0.1: named does
//! not listen on 127.0.0.2 and .3, which no interface has), and `delv` validates answers from
//! every provider with a trust anchor made from the group's CDS set.

use std::fs;
use std::path::Path;

use crate::cli::multisigner::{zone_text, Group, ZONE};
use crate::support::{run_in, tool, tools};

/// A `named` serving ms.test from one signed file on one address and port; killed when
/// dropped.
struct Named {
    child: std::process::Child,
    addr: String,
    port: u16,
    dir: std::path::PathBuf,
}

impl Drop for Named {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A port free for UDP and TCP on `addr`.
fn free_port(addr: &str) -> u16 {
    loop {
        let udp = std::net::UdpSocket::bind((addr, 0)).unwrap();
        let port = udp.local_addr().unwrap().port();
        if std::net::TcpListener::bind((addr, port)).is_ok() {
            return port;
        }
    }
}

impl Named {
    /// Serves `signed` (a file of the group directory) from a directory of its own.
    fn start(named: &Path, g: &Group, name: &str, signed: &str, addr: &str, port: u16) -> Named {
        let dir = g.path().join(format!("named-{name}"));
        fs::create_dir_all(&dir).unwrap();
        fs::copy(g.path().join(signed), dir.join("zone.signed")).unwrap();
        let conf = format!(
            "options {{ directory \"{d}\"; pid-file \"{d}/named.pid\"; listen-on port {port} {{ {addr}; }};\n\
             listen-on-v6 {{ none; }}; recursion no; dnssec-validation no; notify no; }};\n\
             controls {{ }};\n\
             zone \"{ZONE}\" {{ type primary; file \"zone.signed\"; }};\n",
            d = dir.display()
        );
        fs::write(dir.join("named.conf"), conf).unwrap();
        let log = fs::File::create(dir.join("named.log")).unwrap();
        let child = std::process::Command::new(named)
            .args(["-g", "-n", "1", "-c"])
            .arg(dir.join("named.conf"))
            .current_dir(&dir)
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .unwrap();
        let n = Named {
            child,
            addr: addr.to_string(),
            port,
            dir,
        };
        n.wait_for_serial(g, "1");
        n
    }

    fn source(&self) -> String {
        format!("@{}#{}", self.addr, self.port)
    }

    fn dig(&self, g: &Group, args: &[&str]) -> String {
        let dig = tool("dig").unwrap();
        let at = format!("@{}", self.addr);
        let port = self.port.to_string();
        let mut all = vec![at.as_str(), "-p", &port, "+norec", "+time=2", "+tries=1"];
        all.extend_from_slice(args);
        run_in(g.path(), dig, &all).stdout
    }

    fn wait_for_serial(&self, g: &Group, serial: &str) {
        for _ in 0..100 {
            let soa = self.dig(g, &["+short", ZONE, "SOA"]);
            if soa.split_whitespace().nth(2) == Some(serial) {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        let log = fs::read_to_string(self.dir.join("named.log")).unwrap_or_default();
        panic!("named did not serve {ZONE} serial {serial}\n{log}");
    }

    /// Serves `signed` (with SOA serial `serial`) instead.
    fn reload(&self, g: &Group, signed: &str, serial: &str) {
        fs::copy(g.path().join(signed), self.dir.join("zone.signed")).unwrap();
        let pid = self.child.id().to_string();
        std::process::Command::new("kill")
            .args(["-HUP", &pid])
            .status()
            .unwrap();
        self.wait_for_serial(g, serial);
    }
}

/// delv's trust-anchors clause for the DS set the CDS RRset at `server` describes.
fn anchors_from_cds(g: &Group, server: &Named) -> String {
    let cds = server.dig(g, &["+short", "+nosplit", ZONE, "CDS"]);
    let mut out = String::from("trust-anchors {\n");
    for l in cds.lines() {
        let f: Vec<&str> = l.split_whitespace().collect();
        out.push_str(&format!(
            "  {ZONE}. static-ds {} {} {} \"{}\";\n",
            f[0],
            f[1],
            f[2],
            f[3..].concat()
        ));
    }
    out.push_str("};\n");
    out
}

/// Signs provider `p` with BIND's dnssec-signzone instead of ours.
fn bind_sign(g: &Group, signzone: &Path, p: &str) {
    let out = format!("{p}.signed");
    let db = format!("{p}.db");
    run_in(g.path(), signzone, &["-S", "-K", p, "-o", ZONE, "-f", &out, &db]).ok();
}

fn set_serial(g: &Group, p: &str, serial: u32) {
    let text = zone_text("").replace(" 1 3600 600 86400 300", &format!(" {serial} 3600 600 86400 300"));
    g.write(&format!("{p}.db"), &text);
}

#[test]
fn servers_match_files_and_delv_validates_every_provider() {
    let Some([named, _dig, delv, signzone]) = tools(["named", "dig", "delv", "dnssec-signzone"])
    else {
        return;
    };
    let g = Group::new(&["a", "b"]);
    g.exchange(true);
    g.sign("a");
    bind_sign(&g, &signzone, "b");
    g.assert_consistent();
    let port_a = free_port("127.0.0.1");
    let na = Named::start(&named, &g, "a", "a.signed", "127.0.0.1", port_a);
    let port_b = free_port("127.0.0.1");
    let nb = Named::start(&named, &g, "b", "b.signed", "127.0.0.1", port_b);
    let (sa, sb) = (na.source(), nb.source());
    for args in [[sa.as_str(), sb.as_str()], ["a.signed", sb.as_str()]] {
        let r = g.check(&args);
        assert_eq!(r.code, 0, "{args:?}\n{}{}", r.stdout, r.stderr);
        assert!(r.stdout.contains(&format!("{sb}: SOA serial 1, 3 DNSKEYs")), "{}", r.stdout);
    }
    // A resolver trusting the DS set the CDS RRset describes validates at each provider.
    let anchors = anchors_from_cds(&g, &na);
    assert_eq!(anchors.matches("static-ds").count(), 2, "{anchors}");
    g.write("anchors", &anchors);
    for n in [&na, &nb] {
        let at = format!("@{}", n.addr);
        let port = n.port.to_string();
        for (name, rtype) in [("www.ms.test", "A"), (ZONE, "NS"), (ZONE, "DNSKEY")] {
            let r = run_in(
                g.path(),
                &delv,
                &[&at, "-p", &port, "-a", "anchors", "+root=ms.test", name, rtype],
            );
            assert!(
                r.stdout.starts_with("; fully validated"),
                "{name} {rtype} at {}: {}{}",
                n.source(),
                r.stdout,
                r.stderr
            );
        }
    }

    // b (BIND-signed) drops a's ZSK: named with both and the check names b and the key.
    let zsk_a = g.zsk("a");
    for ext in ["key", "private"] {
        fs::remove_file(g.path().join(format!("b/{zsk_a}.{ext}"))).unwrap();
    }
    set_serial(&g, "b", 2);
    bind_sign(&g, &signzone, "b");
    nb.reload(&g, "b.signed", "2");
    let r = g.check(&["-q", &sa, &sb]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    let want = format!(
        "{sb}: DNSKEY RRset lacks {} that signs the data of {sa}",
        g.key_text("a", &zsk_a)
    );
    assert!(r.stdout.lines().any(|l| l == want), "{want}\n{}", r.stdout);
    assert!(
        r.stdout.contains(&format!(
            "{sa}: ms.test NS does not validate with the DNSKEY RRset of {sb}"
        )),
        "{}",
        r.stdout
    );
}

#[test]
fn servers_of_one_provider_that_disagree_are_named() {
    let Some([named, _dig]) = tools(["named", "dig"]) else {
        return;
    };
    let g = Group::new(&["a", "b"]);
    g.exchange(true);
    g.sign_all();
    // a's second server has an old copy: another NS RRset, the same keys.
    g.write("a.db", &zone_text("@ NS ns2.ms.test.\nns2 A 127.0.0.1\n"));
    g.sign("a");
    fs::rename(g.path().join("a.signed"), g.path().join("a2.signed")).unwrap();
    g.write("a.db", &zone_text(""));
    g.sign("a");
    // named listens only on the addresses of an interface (127.0.0.1 here, not the rest of
    // 127/8), so the provider's two servers differ by port.
    let (p1, p2) = (free_port("127.0.0.1"), free_port("127.0.0.1"));
    let _n1 = Named::start(&named, &g, "a1", "a.signed", "127.0.0.1", p1);
    let _n2 = Named::start(&named, &g, "a2", "a2.signed", "127.0.0.1", p2);
    let src = format!("@127.0.0.1#{p1},localhost#{p2}");
    let r = g.check(&["-q", "-v", &src, "b.signed"]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert_eq!(
        r.stdout
            .lines()
            .filter(|l| l.contains("serve different"))
            .collect::<Vec<_>>(),
        [format!(
            "{src}: addresses 127.0.0.1:{p1} and 127.0.0.1:{p2} serve different NS RRsets"
        )]
    );
    // The first server alone agrees with b.
    let r = g.check(&["-q", &format!("@127.0.0.1#{p1}"), "b.signed"]);
    assert_eq!((r.code, r.stdout.as_str()), (0, ""));
}
