//! Zone text shared by the tests that compare our reading, writing and signing with BIND's.

/// One or more records of every type the rdata table knows, in awkward forms (escapes,
/// empty and long strings, IPv6 addresses BIND writes in dotted form, zero-length fields),
/// plus delegations with DS and generic types. Without DNSSEC records, so that it can be
/// signed; tests that read DNSSEC records append their own.
pub const EVERY_TYPE: &str = r#"$TTL 1h
$ORIGIN example.
@ IN SOA ns1 hostmaster ( 1 2h 1h 1w 1d )
  NS ns1
ns1 A 192.0.2.1
  AAAA 2001:db8::1
cn CNAME ns1
ptr PTR ns1
dname DNAME elsewhere.test.
hinfo HINFO "PC" "Linux"
mx MX 10 ns1
t TXT "a b" "c\"d\\e" "x;y" "\255\009" plain
rp RP mbox.example. txt.example.
afs AFSDB 1 afs.example.
loc LOC 42 21 54 N 71 06 18 W -24m 30m
loc2 LOC 42 N 71 W 0m
loc3 LOC 52 22 23.000 S 4 53 32.000 E -2.00m 0.5m 100m 0.10m
loc4 LOC 0 N 0 E 0 0 0.5 0
srv SRV 1 2 3 ns1
naptr NAPTR 100 10 "" "" "!^urn:cid:.+@([^\\.]+\\.)(.*)$!\\2!i" .
kx KX 10 kx.example.
cert CERT PKIX 1 RSASHA256 AAECAwQ=
cert2 CERT 9 1 8 AAECAwQ=
apl APL 1:192.168.32.0/21 !1:192.168.38.0/28 2:2001:db8::/32
apl0 APL
ds NS ns1
ds DS 12345 13 2 49AAC11D7B6F6446702E54A1607371607A1A41855200FD2CE1CDDE32F24E8FB5
ds1 NS ns1
ds1 DS 1 8 1 0123456789abcdef0123456789abcdef01234567
ds4 NS ns1
ds4 DS 1 8 4 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
ssh SSHFP 4 2 123456789abcdef67890123456789abcdef67890123456789abcdef123456789
ssh1 SSHFP 1 1 0123456789abcdef0123456789abcdef01234567
ipk IPSECKEY 10 1 2 192.0.2.38 AQNRU3mG7TVTO2BkR47usntb102uFJtugbo6BSGvgqt4AQ==
ipk2 IPSECKEY 10 0 2 . AQNRU3mG7TVTO2BkR47usntb102uFJtugbo6BSGvgqt4AQ==
ipk3 IPSECKEY 10 3 2 gw.example. AQNRU3mG7TVTO2BkR47usntb102uFJtugbo6BSGvgqt4AQ==
ipk4 IPSECKEY 10 2 2 2001:db8::2 AQNRU3mG7TVTO2BkR47usntb102uFJtugbo6BSGvgqt4AQ==
dh DHCID AAIBY2/AuCccgoJbsaxcQc9TUapptP69lOjxfNuVAA2kjEA=
dh2 DHCID AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0+P0BBQkNERQ==
tl TLSA 0 0 1 d2abde240d7cd3ee6b4b28c54df034b97983a1d16e8a410e4561cb106618e971
tl2 TLSA 3 1 1 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
sm SMIMEA 3 0 1 d2abde240d7cd3ee6b4b28c54df034b97983a1d16e8a410e4561cb106618e971
hip HIP 2 200100107B1A74DF365639CC39F1D578 AwEAAbdxyhNuSutc5EMzxTs9LBPCIkOFH8cIvM4p9+LrV4e19WzK00+CI6zBCQTdtWsuxKbWIy87UOoJTwkUs7lBu+Upr1gsNrut79ryra+bSRGQb1slImA8YVJyuIDsj7kwzG7jnERNqnWxZ48AWkskmdHaVDP4BcelrTI3rMXdXF5D rvs.example.com. rvs2
hip2 HIP 2 200100107B1A74DF365639CC39F1D578 AwEAAbdxyhNuSutc5EMz
cds CDS 12345 13 2 49AAC11D7B6F6446702E54A1607371607A1A41855200FD2CE1CDDE32F24E8FB5
cds0 CDS 0 0 0 00
cdk CDNSKEY 257 3 13 nh48gCjeFwM7c/sTFe/WVCtCaQy1XKXPVFZJiTndVAuz9zq1kt5G3fO/ XV42Urfgx6Ga44UcxiGu3TpaVuW9AQ==
cdk0 CDNSKEY 0 3 200 AAECAwQ=
cdkr CDNSKEY 385 3 15 AAECAwQ=
opgp OPENPGPKEY AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyAhIiMkJSYnKCkqKywtLi8wMTIzNDU2Nzg5Ojs8PT4/QA==
opgp2 OPENPGPKEY AA==
csync CSYNC 66 3 A NS AAAA
csync0 CSYNC 1 0
zmd ZONEMD 2018031500 1 1 FEBE3D4CE2EC2FFA4BA99D46CD69D6D29711E55217057BEE7EB1A7B641A47BA7FED2DD5B97AE499FAFA4F22C6BD647DE
svc SVCB 1 . alpn=h2,h3 port=8443 ipv4hint=192.0.2.1,192.0.2.2 mandatory=alpn,port key65000=abc
svc2 SVCB 2 svc.example. no-default-alpn alpn=h2 ipv6hint=2001:db8::1,2001:db8::2 key9="x y"
svc3 SVCB 3 . alpn="a\\,b,h3" dohpath=/q{?dns} ech=AEj+DQBEAQAgACBI
h HTTPS 0 foo.example.
sp SPF "v=spf1 -all"
sp TXT "v=spf1 -all"
long TXT "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb" ""
nid NID 10 0014:4fff:ff20:ee64
l32 L32 10 10.1.2.0
l64 L64 10 2001:0DB8:1140:1000
lp LP 10 l64-subnet.example.
eui EUI48 00-00-5e-00-53-2a
eui64 EUI64 00-00-5e-ef-10-00-00-2a
uri URI 10 1 "ftp://ftp1.example.com/public"
caa CAA 0 issue "ca.example.net; account=230123"
caa CAA 128 tbs "Unknown"
caa CAA 0 iodef "mailto:x@example.com"
key KEY 512 3 15 AAECAwQ=
key0 KEY 0 3 15 AAECAwQ=
sig SIG A 13 2 3600 20361124020834 20260101000000 12345 Example. AAAA
x TYPE65000 \# 4 0a000001
x2 TYPE65001 \# 0
x3 A \# 4 0a000002
x4 TYPE65002 \# 40 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
v6 AAAA ::1.2.3.4
v6 AAAA ::ffff:1.2.3.4
v6 AAAA ::1
v6 AAAA ::0.0.1.0
v6 AAAA ::ffff:0:1.2.3.4
v6 AAAA 0:0:0:0:0:1:0:0
v6 AAAA 1::
v6 AAAA 1:0:0:1:0:0:0:1
v6 AAAA 0:0:1:0:0:1:0:0
v6 AAAA ::0.1.0.0
v6 AAAA ::
apl6 APL 2:::1.2.3.4/128 2:::ffff:1.2.3.0/120
svcb6 SVCB 1 . ipv6hint=::1.2.3.4,::ffff:1.2.3.4
nsap NSAP 0x47.0005.80.005a00.0000.0001.e133.ffffff000162.00
nsap NSAP 0X4A
nsapptr NSAP-PTR Foo.Example.
nsapptr2 NSAP-PTR rel
gpos GPOS -32.6882 116.8652 10.0
gpos2 GPOS "1" "2" "3"
isdn ISDN 150862028003217 004
isdn2 ISDN "150862028003217"
wks WKS 192.0.2.1 TCP SMTP Domain http 1023 0 65535
wks2 WKS 192.0.2.1 17 domain
wks3 WKS 192.0.2.1 6
wks4 WKS 192.0.2.1 udp 53 53
nxt NXT Next.Example. A NS SOA MX TYPE127
nxt2 NXT next.example.
a6 A6 0 ::1
a6b A6 64 ::1:2:3:4 Pref.Example.
a6c A6 128 pref.example.
a6d A6 1 ffff::1 x.example.
a6e A6 127 ::1 .
sink SINK 1 0 0 AAECAwQ=
sink2 SINK 1 0 0
atma ATMA 39246f00e7c9e0a0000000000000000000000000
atma2 ATMA +358400123456
atma3 ATMA 39.246F.00
eid EID 0123456789ABCDEF
nimloc NIMLOC 32 23 34 ab
ninfo NINFO "a b" c
rkey RKEY 0 3 5 AwEAAeX7
talink TALINK A.Example. B.example.
dsync DSYNC CDS 1 5359 ds-boot.example.
dsync2 DSYNC CSYNC notify 53 x
dsync3 DSYNC 5 0 65535 x
dsync4 DSYNC TYPE999 255 1 Upper.Example.
hhit HHIT AAECAwQ=
brid BRID AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0+P0BBQkNERQ==
avc AVC "app-name:WOLFGANG|app-class:OAM" "x"
doa DOA 0 1 2 "" aHR0cHM6Ly93d3cuaXNjLm9yZy8=
doa2 DOA 1234567890 1234567890 1 "image/pgp" -
amt AMTRELAY 0 0 0 .
amt2 AMTRELAY 0 1 1 203.0.113.15
amt3 AMTRELAY 10 0 2 2001:db8::15
amt4 AMTRELAY 128 1 3 AMTrelays.example.com.
resinfo RESINFO qnamemin exterr=15,16,17 infourl=https://resolver.example.com/guide
wallet WALLET BTC bc1qexample
null NULL \# 3 010203
uinfo UINFO \# 2 4142
uid UID \# 4 00000001
gid GID \# 4 00000002
unspec UNSPEC \# 1 00
"#;
