//! Reading the parts of a zone file cut for parallel loading (`zonefile::split`): each part
//! becomes a zone of its own on rayon's pool, then they are appended in file order, so the
//! records, their order, the warnings and the first error are what reading the file in one
//! piece gives.

use rayon::prelude::*;

use super::condense::Judge;
use super::store::{Owner, Rec, Zone};
use crate::zonefile::Part;
use crate::zonefile::{Reader, ZoneError, ZoneErrorKind};

impl Zone {
    /// Reads `parts` (in file order) with readers forked from `head`, which has read
    /// everything before them. Each part's records and warnings are appended up to the first
    /// error, the failing part's up to its error.
    pub(crate) fn read_parts(
        &mut self,
        head: &Reader,
        parts: Vec<Part>,
        judge: Option<&Judge<'_>>,
    ) -> Result<(), ZoneError> {
        let (origin, class) = (self.origin.clone(), self.class);
        let read = |reader: &mut Reader| -> (Zone, Result<(), ZoneError>) {
            let mut zone = Zone::new(origin.clone(), class);
            let mut result = zone.push_all(reader);
            // Judged here, on the thread that read the part, before the parts are joined:
            // the whole signatures of the part are gone before the next parts are read.
            if let (Ok(()), Some(judge)) = (&result, judge) {
                result = zone.condense(true, judge);
            }
            (zone, result)
        };
        if head.has_default_ttl() {
            // A few parts per thread at a time, each joined as soon as its window is read:
            // the zone is never held twice (once in parts, once joined), and the memory of
            // one window's parts serves the next.
            let window = rayon::current_num_threads().max(1) * 4;
            let mut parts = parts.into_iter().peekable();
            while parts.peek().is_some() {
                let zones: Vec<(Zone, Result<(), ZoneError>)> = parts
                    .by_ref()
                    .take(window)
                    .collect::<Vec<Part>>()
                    .into_par_iter()
                    .map(|part| match head.part(part) {
                        Ok(mut reader) => read(&mut reader),
                        Err(e) => (Zone::new(origin.clone(), class), Err(e)),
                    })
                    .collect();
                for (zone, result) in zones {
                    self.append(zone)?;
                    result?;
                }
            }
        } else {
            // Without `$TTL` a record may take its TTL from the one before (RFC 1035
            // semantics): each part starts where the one before left the reader.
            let mut previous: Option<Reader> = None;
            for part in parts {
                let mut reader = previous.as_ref().unwrap_or(head).part(part)?;
                let (zone, result) = read(&mut reader);
                self.append(zone)?;
                result?;
                previous = Some(reader);
            }
        }
        Ok(())
    }

    /// Appends the records of `other` (read after everything in `self`). A run of records
    /// at one owner that the cut split is joined again, as zone::sort counts such runs.
    fn append(&mut self, mut other: Zone) -> Result<(), ZoneError> {
        let too_large = || ZoneError {
            location: None,
            kind: ZoneErrorKind::TooLarge,
        };
        self.judged_by_owner();
        let names_base = self.names.append(&other.names)?;
        let rdata_base = self.rdata.append(&other.rdata)?;
        self.canon.extend(
            other
                .canon
                .iter()
                .map(|&(rdata, canon)| (rdata + rdata_base, canon + rdata_base)),
        );
        let files: Vec<u16> = other.files.iter().map(|f| self.file_id(f)).collect();
        let file_of = |f: u16| files.get(usize::from(f)).copied().unwrap_or(u16::MAX);
        let fields_base = self.rrsig_fields.len() as u32;
        self.rrsig_fields.append(&mut other.rrsig_fields, file_of);
        let joined = match (self.owners.last(), other.owners.first()) {
            (Some(last), Some(first)) => {
                last.file == file_of(first.file)
                    && self.names.get(last.off, usize::from(last.len))
                        == other.names.get(first.off, usize::from(first.len))
            }
            _ => false,
        };
        let count = self.owners.len() + other.owners.len();
        let base = u32::try_from(self.owners.len()).map_err(|_| too_large())?;
        u32::try_from(count).map_err(|_| too_large())?;
        let owner_of = |i: u32| match joined {
            true if i == 0 => base - 1,
            true => base + i - 1,
            false => base + i,
        };
        self.owners.extend(
            other
                .owners
                .iter()
                .skip(usize::from(joined))
                .map(|o| Owner {
                    off: o.off + names_base,
                    file: file_of(o.file),
                    len: o.len,
                }),
        );
        self.append_judged(&other.judged, owner_of, fields_base);
        let base_records = self.records.len() as u64;
        self.records.extend(other.records.iter().map(|r| Rec {
            owner: owner_of(r.owner),
            rdata: r.rdata + rdata_base,
            ..*r
        }));
        let order_base = 2 * base_records;
        self.warnings.extend(other.warnings.drain(..).map(|mut w| {
            w.order += order_base;
            w
        }));
        // The first SOA away from the origin is the first part's that has one. (A cut inside
        // such an SOA's run would end the run early; cuts fall far from the apex, where
        // that SOA stands in the files this concerns.)
        if let Some(f) = self.foreign_soa.as_mut() {
            f.open = false;
        }
        if self.foreign_soa.is_none() {
            self.foreign_soa = other.foreign_soa.take().map(|mut f| {
                f.run.file = file_of(f.run.file);
                f
            });
        }
        self.tail_open = other.tail_open;
        if other.run.last_line != 0 {
            self.run = std::mem::take(&mut other.run);
            self.run.file = file_of(self.run.file);
        }
        self.finished = false;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::store::FailedLoad;
    use super::*;
    use crate::name::Name;
    use crate::rr::{Class, RrType};

    /// A zone big enough to be cut, with TTL conflicts in runs that the cuts may split,
    /// out-of-zone data, an over-long TTL and relative and absolute names.
    fn text(dollar_ttl: bool) -> String {
        let mut z = String::from(if dollar_ttl { "$TTL 300\n" } else { "" });
        z.push_str("@ 300 SOA ns h 1 2 3 4 5\n@ NS ns\nns A 192.0.2.1\n");
        for i in 0..30_000 {
            // Every second record conflicts with the one before in its run: a cut that
            // split a run would change the TTL or lose the warning.
            let ttl = if i % 2 == 0 { 60 } else { 30 };
            z.push_str(&format!("n{} {ttl} A 192.0.2.{}\n", i / 2, i % 250));
            if i % 997 == 0 {
                z.push_str(&format!("n{} 120 A 198.51.100.1\n", i / 2));
                z.push_str("out.of.zone. A 192.0.2.9\n");
                z.push_str(&format!("t{i}.example. 4294967295 TXT big\n"));
            }
            if i % 5 == 0 {
                z.push_str(&format!("n{} MX 10 mail{i}\n", i / 2));
            }
        }
        z
    }

    fn dump(zone: &Zone) -> Vec<String> {
        let records = zone.records().map(|r| {
            let owner = Name::from_wire(r.owner).unwrap();
            format!("{owner} {} {} {:?}", r.ttl, r.rtype, r.rdata)
        });
        let warnings = zone.warnings().iter().map(|w| w.to_string());
        records.chain(warnings).collect()
    }

    fn same(a: &[String], b: &[String], what: &str) {
        let first = a.iter().zip(b).position(|(x, y)| x != y);
        assert!(
            a.len() == b.len() && first.is_none(),
            "{what}: {} and {} lines, first difference at {first:?}: {:?} / {:?}",
            a.len(),
            b.len(),
            first.map(|i| &a[i]),
            first.map(|i| &b[i])
        );
    }

    #[test]
    fn parts_read_in_parallel_give_what_one_piece_gives() {
        let origin = Name::parse("example.", None).unwrap();
        for dollar_ttl in [true, false] {
            let text = text(dollar_ttl);
            let mut probe = Reader::from_str(&text, "db", Some(origin.clone()));
            assert!(
                probe.split(8).is_some_and(|p| p.len() > 2),
                "the test zone is cut"
            );
            let parallel = Zone::from_reader(
                Reader::from_str(&text, "db", Some(origin.clone())),
                &origin,
                Class::IN,
            )
            .unwrap();
            // One piece: the same text, but with a $GENERATE at the end the file is not cut.
            let whole = format!("{text}$GENERATE 1-1 g$ A 192.0.2.1\n");
            let serial = Zone::from_reader(
                Reader::from_str(&whole, "db", Some(origin.clone())),
                &origin,
                Class::IN,
            )
            .unwrap();
            let mut serial = dump(&serial);
            serial.retain(|r| !r.starts_with("g1.example. "));
            same(&dump(&parallel), &serial, &format!("$TTL: {dollar_ttl}"));
            assert!(parallel
                .find(&Name::parse("n0.example.", None).unwrap())
                .is_some());
            assert!(parallel
                .warnings()
                .iter()
                .any(|w| w.to_string().contains("TTL set to prior TTL")));
        }
    }

    /// A file big enough to be cut is scanned, then read part by part from the file
    /// (`Reader::open_split`): the zone, its warnings and its first error are those of the
    /// same text read from memory.
    #[test]
    fn a_file_read_part_by_part_gives_what_its_text_gives() {
        let origin = Name::parse("example.", None).unwrap();
        let path =
            std::env::temp_dir().join(format!("dnssec-core-parts-{}.db", std::process::id()));
        let label = path.to_str().unwrap().to_string();
        let bad = "bad 1 A not-an-address\n";
        for (dollar_ttl, error) in [(true, false), (false, false), (true, true)] {
            let mut text = text(dollar_ttl);
            if error {
                let at = text[..text.len() * 3 / 4].rfind('\n').unwrap() + 1;
                text.insert_str(at, bad);
            }
            std::fs::write(&path, &text).unwrap();
            let (_, parts) = Reader::open_split(&path, Some(origin.clone()), 4).unwrap();
            assert!(parts.is_some_and(|p| p.len() > 2), "the file is cut");
            let from_file = Zone::load_path(&path, &origin, Class::IN);
            let from_text = Zone::load(
                Reader::from_str(&text, &label, Some(origin.clone())),
                None,
                &origin,
                Class::IN,
                None,
            );
            match (from_file, from_text) {
                (Ok(a), Ok(b)) => same(&dump(&a), &dump(&b), &format!("$TTL: {dollar_ttl}")),
                (Err(a), Err(b)) => {
                    assert!(error);
                    assert_eq!(a.error.to_string(), b.error.to_string());
                    let w = |f: &FailedLoad| -> Vec<String> {
                        f.warnings.iter().map(|w| w.to_string()).collect()
                    };
                    same(&w(&a), &w(&b), "warnings before the error");
                }
                (a, b) => panic!("file: {:?}, text: {:?}", a.is_ok(), b.is_ok()),
            }
        }
        std::fs::remove_file(&path).unwrap();
    }

    #[test]
    fn the_first_error_in_file_order_wins() {
        let origin = Name::parse("example.", None).unwrap();
        let mut text = text(true);
        let at = text.len() / 2;
        let line_start = text[..at].rfind('\n').unwrap() + 1;
        text.insert_str(line_start, "bad 1 A not-an-address\n");
        text.push_str("worse A 1.2.3\n");
        let line = text[..line_start].matches('\n').count() + 1;
        let Err(err) = Zone::from_reader(
            Reader::from_str(&text, "db", Some(origin.clone())),
            &origin,
            Class::IN,
        ) else {
            panic!("a bad record was accepted");
        };
        assert_eq!(err.location.map(|l| l.line), Some(line as u32));
        assert!(matches!(
            err.kind,
            ZoneErrorKind::Rdata {
                rtype: RrType::A,
                ..
            }
        ));
    }
}

#[cfg(test)]
mod condensed_tests {
    use super::super::condense::{RunView, Verdicts};
    use super::*;
    use crate::name::Name;
    use crate::rr::{Class, RrType, Ttl};

    /// An RRSIG rdata (RFC 4034 section 3.1) covering `covered`, expiring at `exp`, signed by
    /// `example.` with signature `sig`.
    fn rrsig(covered: RrType, exp: u32, sig: &[u8]) -> Vec<u8> {
        let mut rd = covered.0.to_be_bytes().to_vec();
        rd.extend_from_slice(&[13, 2]);
        rd.extend_from_slice(&300u32.to_be_bytes());
        rd.extend_from_slice(&exp.to_be_bytes());
        rd.extend_from_slice(&1u32.to_be_bytes());
        rd.extend_from_slice(&4242u16.to_be_bytes());
        rd.extend_from_slice(b"\x07example\x00");
        rd.extend_from_slice(sig);
        rd
    }

    fn part(origin: &Name, names: &[&str], exps: &[u32]) -> (Zone, Vec<Vec<u8>>) {
        let mut zone = Zone::new(origin.clone(), Class::IN);
        let mut sigs = Vec::new();
        for (i, n) in names.iter().enumerate() {
            let owner = Name::parse(n, Some(origin)).unwrap();
            zone.add_parts(&owner, Ttl(300), RrType::A, &[192, 0, 2, i as u8])
                .unwrap();
            for (k, &exp) in exps.iter().enumerate() {
                let rd = rrsig(RrType::A, exp, &[i as u8 + 1, k as u8 + 1, 7, 7, 9, 9]);
                zone.add_parts(&owner, Ttl(300), RrType::RRSIG, &rd)
                    .unwrap();
                sigs.push(rd);
            }
        }
        (zone, sigs)
    }

    /// Judges every RRSIG of the runs it is given: verdict 1.
    fn judge_all(runs: &[RunView<'_>]) -> Verdicts {
        runs.iter()
            .flat_map(|r| r.records().filter(|(_, rec)| rec.rtype == RrType::RRSIG))
            .map(|(i, _)| (i, 1u8))
            .collect()
    }

    /// A run holding nothing but RRSIGs keeps them as records (its name would otherwise have
    /// none); the zone still counts every record, judged or not.
    #[test]
    fn a_run_of_rrsigs_alone_stays_records() {
        let origin = Name::parse("example.", None).unwrap();
        let (mut zone, _) = part(&origin, &["a"], &[30, 10]);
        let lone = Name::parse("lone", Some(&origin)).unwrap();
        zone.add_parts(
            &lone,
            Ttl(300),
            RrType::RRSIG,
            &rrsig(RrType::A, 5, &[1, 2, 3, 4, 5]),
        )
        .unwrap();
        let (tail, _) = part(&origin, &["z"], &[1]);
        zone.append(tail).unwrap();
        let before = zone.len();
        zone.condense(false, &judge_all).unwrap();
        zone.finish().unwrap();
        assert_eq!(zone.judged_signatures(), 2, "a's two only");
        assert_eq!(zone.len(), before);
        let node = zone.find(&lone).unwrap();
        assert_eq!(node.types(), vec![RrType::RRSIG]);
        assert_eq!(node.rrset(RrType::RRSIG).map(|s| s.len()), Some(1));
        assert!(node.signatures().iter().all(|(_, v)| v.is_none()));
    }

    /// Two parts condensed on their own (fields tables numbered from 0 in each) and joined:
    /// every condensed RRSIG expands to its own fields and first signature octets, the
    /// expirations read through the table, the first part's first and last runs and the
    /// second's are left whole, and a name's RRSIGs keep their canonical order.
    #[test]
    fn condensed_rrsigs_keep_their_fields_and_order_across_parts() {
        let origin = Name::parse("example.", None).unwrap();
        let (mut zone, _) = part(&origin, &["a", "b", "c"], &[30, 10, 20]);
        zone.condense(false, &judge_all).unwrap();
        let (mut second, _) = part(&origin, &["d", "e", "f"], &[50, 40]);
        second.condense(true, &judge_all).unwrap();
        zone.append(second).unwrap();
        zone.finish().unwrap();
        // Judged: a and b (not c, the first part's last run), e (not d or f).
        assert_eq!(zone.judged_signatures(), 3 + 3 + 2);
        judged_as_read(&zone, &origin);
        // A name added before all others moves every node: finishing again keeps each judged
        // RRSIG at its name.
        let first = Name::parse("0", Some(&origin)).unwrap();
        zone.add_parts(&first, Ttl(300), RrType::A, &[192, 0, 2, 99])
            .unwrap();
        zone.finish().unwrap();
        assert_eq!(zone.judged_signatures(), 3 + 3 + 2);
        judged_as_read(&zone, &origin);
        // Nodes are now no longer their owner entries: once more.
        let between = Name::parse("b0", Some(&origin)).unwrap();
        zone.add_parts(&between, Ttl(300), RrType::A, &[192, 0, 2, 98])
            .unwrap();
        zone.finish().unwrap();
        assert_eq!(zone.judged_signatures(), 3 + 3 + 2);
        judged_as_read(&zone, &origin);
    }

    /// The RRSIGs of `condensed_rrsigs_keep_their_fields_and_order_across_parts`' zone.
    fn judged_as_read(zone: &Zone, origin: &Name) {
        for (name, exps) in [
            ("a", &[10, 20, 30][..]),
            ("e", &[40, 50][..]),
            ("c", &[10, 20, 30][..]),
        ] {
            let node = zone
                .find(&Name::parse(name, Some(origin)).unwrap())
                .unwrap();
            let got: Vec<(Vec<u8>, Option<u8>)> = node
                .signatures()
                .into_iter()
                .map(|(rd, v)| (rd.into_owned(), v))
                .collect();
            let seen: Vec<u32> = got
                .iter()
                .map(|(rd, _)| u32::from_be_bytes([rd[8], rd[9], rd[10], rd[11]]))
                .collect();
            assert_eq!(seen, exps, "{name}: canonical order kept");
            let judged = name != "c";
            // Records' expirations are read from them, the judged ones' from the table.
            let expirations: Vec<u32> = node.rrsig_expirations().map(|(e, _)| e.0).collect();
            assert_eq!(
                expirations.is_empty(),
                judged,
                "{name}: judged RRSIGs are no records"
            );
            assert!(node.types().contains(&RrType::RRSIG), "{name}");
            assert_eq!(node.rrset(RrType::RRSIG).is_none(), judged, "{name}");
            for (rd, v) in &got {
                assert_eq!(v.is_some(), judged, "{name}");
                // Fixed fields, signer, then the signature: whole (6 octets) or its first 4.
                assert_eq!(&rd[18..27], b"\x07example\x00", "{name}");
                assert_eq!(rd.len(), 27 + if judged { 4 } else { 6 }, "{name}");
            }
        }
    }
}
