//! The compact zone: owner names and rdata in two byte arenas, records as fixed-size
//! entries that index into them, and after [`Zone::finish`] a list of owner names in
//! canonical order (RFC 4034 section 6.1) each pointing at its sorted records.

use std::path::Path;
use std::sync::Arc;

use super::arena::Arena;
use super::condense::{FieldTable, JudgedSig, StartJudge};
use super::roles::NameRole;
use super::views::{NameView, RecordView};
use crate::error::Location;
use crate::name::{canonical_cmp_wire, Name};
use crate::rr::{rdata, Class, RrType, Ttl};
use crate::zonefile::{Near, Part, Reader, Record, Warning, WarningKind, ZoneError, ZoneErrorKind};

/// One record: 20 bytes, no heap memory of its own. (Where its canonical form differs, the
/// zone's `canon` table says where that is: few records need it, and a signed zone holds
/// millions of records.)
#[derive(Clone, Copy, Debug)]
pub(super) struct Rec {
    pub(super) owner: u32,
    pub(super) ttl: u32,
    pub(super) rdata: u32,
    pub(super) line: u32,
    pub(super) rtype: u16,
    pub(super) rdata_len: u16,
}

/// One distinct owner entry in the names arena (consecutive records share one). Packed:
/// 7 bytes, one per name of a zone written in order.
#[derive(Clone, Copy, Debug)]
#[repr(C, packed)]
pub(super) struct Owner {
    pub(super) off: u32,
    pub(super) file: u16,
    pub(super) len: u8,
}

/// One owner name of the finished zone: where its records start (they end where the next
/// name's start) and its role. Packed: 5 bytes, one per name. Its owner entry is in the
/// zone's `node_owners`, or is its own index (see there).
#[derive(Clone, Copy, Debug)]
#[repr(C, packed)]
pub(super) struct Node {
    pub(super) first: u32,
    pub(super) role: NameRole,
}

/// A zone held compactly: see the module documentation.
pub struct Zone {
    pub(super) origin: Name,
    pub(super) class: Class,
    pub(super) names: Arena,
    pub(super) rdata: Arena,
    /// For each record whose canonical rdata (RFC 4034 section 6.2) differs from the rdata
    /// as read: the offset of its rdata and of the canonical copy, ascending (rdata is only
    /// ever appended).
    pub(super) canon: Vec<(u32, u32)>,
    /// The RRSIGs judged while loading, held apart from the records (`condense.rs`): by
    /// owner entry while loading, by node once finished (`judged_by_node`), then ascending.
    pub(super) judged: Vec<JudgedSig>,
    pub(super) judged_by_node: bool,
    /// The fields (algorithm to signer) of judged RRSIGs, each kept once (`condense.rs`).
    pub(super) rrsig_fields: FieldTable,
    pub(super) owners: Vec<Owner>,
    pub(super) records: Vec<Rec>,
    pub(super) nodes: Vec<Node>,
    /// The owner entry of each node; empty when node `i`'s is entry `i`, as in a zone whose
    /// names were read in canonical order, each once (signed zones are written so), which
    /// then needs no table.
    pub(super) node_owners: Vec<u32>,
    /// Each name came in one run of records (set by `finish`; see `condense.rs`).
    pub(super) single_runs: bool,
    pub(super) files: Vec<Arc<str>>,
    pub(super) warnings: Vec<Warning>,
    pub(super) finished: bool,
    /// Some record's owner is written in another case than its node's (`tree_case.rs`).
    pub(super) case_differs: bool,
    scratch: Vec<u8>,
    /// The run the last loaded record belongs to.
    pub(super) run: Run,
    /// True when loading stopped at an entry that continued the last run, which BIND had
    /// not yet added to its database, so the rules are not checked on that run.
    pub(super) tail_open: bool,
    pub(super) foreign_soa: Option<ForeignSoa>,
}

/// A zone that did not load: the error, and the warnings given before it.
#[derive(Debug)]
pub struct FailedLoad {
    /// What stopped the load.
    pub error: ZoneError,
    /// The warnings before it, in input order.
    pub warnings: Vec<Warning>,
}

/// A run of consecutive records at one owner in one file, as loading sees them (those
/// dropped as out of zone included): BIND adds a run to its database when the owner
/// changes, and names the run's last line when it breaks a rule.
#[derive(Clone, Debug, Default)]
pub(crate) struct Run {
    pub(super) owner: Vec<u8>,
    pub(super) file: u16,
    pub(super) first_line: u32,
    pub(super) last_line: u32,
}

/// The first SOA read away from the origin (RFC 1035 section 5.2: the file is for another
/// zone, or the origin is wrong), reported when the zone is finished.
#[derive(Clone, Debug)]
pub(crate) struct ForeignSoa {
    /// The owner, as BIND writes it.
    pub(super) name: String,
    /// Its run; `open` while the run goes on.
    pub(super) run: Run,
    pub(super) open: bool,
}

impl Zone {
    /// An empty zone for `origin` in `class`.
    pub fn new(origin: Name, class: Class) -> Zone {
        Zone {
            origin,
            class,
            names: Arena::default(),
            rdata: Arena::default(),
            canon: Vec::new(),
            judged: Vec::new(),
            judged_by_node: false,
            rrsig_fields: FieldTable::default(),
            owners: Vec::new(),
            records: Vec::new(),
            nodes: Vec::new(),
            node_owners: Vec::new(),
            single_runs: true,
            files: Vec::new(),
            warnings: Vec::new(),
            finished: true,
            case_differs: false,
            scratch: Vec::new(),
            run: Run::default(),
            tail_open: false,
            foreign_soa: None,
        }
    }

    /// Reads a whole zone file (with its `$INCLUDE`s) and finishes the zone. The first
    /// error stops loading, as it does in BIND.
    pub fn from_path(
        path: impl AsRef<Path>,
        origin: &Name,
        class: Class,
    ) -> Result<Zone, ZoneError> {
        Zone::load_path(path, origin, class).map_err(|f| f.error)
    }

    /// As [`Zone::from_path`], and on failure also the warnings the reader gave before the
    /// error, which a tool prints before the error as BIND does.
    pub fn load_path(
        path: impl AsRef<Path>,
        origin: &Name,
        class: Class,
    ) -> Result<Zone, Box<FailedLoad>> {
        Zone::open_and_load(path.as_ref(), origin, class, None)
    }

    /// As [`Zone::load_path`], with RRSIGs judged (and only their verdicts kept) while the
    /// parts of a big file load (`condense.rs`): `start` makes the judge from the head of the
    /// file.
    pub(crate) fn load_path_judged(
        path: impl AsRef<Path>,
        origin: &Name,
        class: Class,
        start: &StartJudge<'_>,
    ) -> Result<Zone, Box<FailedLoad>> {
        Zone::open_and_load(path.as_ref(), origin, class, Some(start))
    }

    /// Opens the file at `path` and loads it, judging RRSIGs with `start` when given.
    fn open_and_load(
        path: &Path,
        origin: &Name,
        class: Class,
        start: Option<&StartJudge<'_>>,
    ) -> Result<Zone, Box<FailedLoad>> {
        // A big file is not held whole: its parts are read from it as they are loaded.
        let (reader, parts) = Reader::open_split(path, Some(origin.clone()), load_parts())
            .map_err(|error| {
                Box::new(FailedLoad {
                    error,
                    warnings: Vec::new(),
                })
            })?;
        Zone::load(reader.with_class(class), parts, origin, class, start)
    }

    /// Loads every record of `reader` and finishes the zone. A large file is cut into parts
    /// read in parallel (`zone::load`); the result is the same.
    pub fn from_reader(mut reader: Reader, origin: &Name, class: Class) -> Result<Zone, ZoneError> {
        let parts = reader.split(load_parts());
        Zone::load(reader, parts, origin, class, None).map_err(|f| f.error)
    }

    pub(super) fn load(
        mut reader: Reader,
        parts: Option<Vec<Part>>,
        origin: &Name,
        class: Class,
        start: Option<&StartJudge<'_>>,
    ) -> Result<Zone, Box<FailedLoad>> {
        let mut zone = Zone::new(origin.clone(), class);
        let mut result = zone.push_all(&mut reader);
        if let (Ok(()), Some(mut parts)) = (&result, parts) {
            // Only a file cut in parts is big enough to be worth judging while it loads.
            // The judge needs the apex, which the head (often only the directives) may not
            // hold: the first part is then read on before the judge is made.
            let mut first = None;
            if start.is_some() && !parts.is_empty() {
                match reader.part(parts.remove(0)) {
                    Ok(mut r) => {
                        result = zone.push_all(&mut r);
                        first = Some(r);
                    }
                    Err(e) => result = Err(e),
                }
            }
            let judge = match &result {
                Ok(()) => start.and_then(|s| s(&zone)),
                Err(_) => None,
            };
            if let Some(judge) = &judge {
                result = zone.condense(false, judge.as_ref());
            }
            if result.is_ok() {
                let base = first.as_ref().unwrap_or(&reader);
                result = zone.read_parts(base, parts, judge.as_deref());
            }
        }
        // The text is no longer needed: gone before finishing, which needs room of its own.
        drop(reader);
        let error = match (result, zone.finish()) {
            (Ok(()), Ok(())) => return Ok(zone),
            // BIND has added every run before the failing entry to its database, so a
            // broken rule among them is what it reports first; finishing what was read also
            // gives the TTL warnings of those runs.
            (Err(_), Err(rule)) | (Ok(()), Err(rule)) => rule,
            (Err(read), Ok(())) => read,
        };
        Err(Box::new(FailedLoad {
            error,
            warnings: std::mem::take(&mut zone.warnings),
        }))
    }

    /// Moves the reader's warnings so far into the zone, placed before record `index`.
    fn take_reader_warnings(&mut self, reader: &mut Reader, index: usize) {
        if reader.warnings().is_empty() {
            return;
        }
        let order = 2 * index as u64;
        self.warnings
            .extend(reader.take_warnings().into_iter().map(|mut w| {
                w.order = order;
                w
            }));
    }

    /// Adds every record `reader` gives, stopping at the first error; the reader's warnings
    /// become the zone's as they come.
    pub(crate) fn push_all(&mut self, reader: &mut Reader) -> Result<(), ZoneError> {
        let result = self.push_records(reader);
        self.take_reader_warnings(reader, self.records.len());
        if result.is_err() {
            self.tail_open = reader
                .owner()
                .is_some_and(|o| self.run.owner.eq_ignore_ascii_case(o.as_wire()));
        }
        result
    }

    fn push_records(&mut self, reader: &mut Reader) -> Result<(), ZoneError> {
        let mut file_index: Option<(Arc<str>, u16)> = None;
        while let Some(item) = reader.next_ref() {
            let r = item?;
            let index = self.records.len();
            let file = match &file_index {
                Some((f, i)) if Arc::ptr_eq(f, r.file) => *i,
                _ => {
                    let i = self.file_id(r.file);
                    file_index = Some((r.file.clone(), i));
                    i
                }
            };
            self.push_wire(
                r.owner.as_wire(),
                Ttl(r.ttl.0),
                RrType(r.rtype.0),
                r.rdata,
                file,
                r.line,
            )?;
            self.take_reader_warnings(reader, index);
        }
        Ok(())
    }

    pub(crate) fn file_id(&mut self, file: &Arc<str>) -> u16 {
        if let Some(i) = self.files.iter().position(|f| f == file) {
            return i as u16;
        }
        self.files.push(file.clone());
        (self.files.len() - 1).min(u16::MAX as usize) as u16
    }

    /// Adds one record (for example an RRSIG or NSEC the signer made). The zone must be
    /// [`finish`](Zone::finish)ed again before its names are walked.
    pub fn add(&mut self, record: &Record) -> Result<(), ZoneError> {
        self.push_wire(
            record.owner.as_wire(),
            record.ttl,
            record.rtype,
            &record.rdata,
            u16::MAX,
            0,
        )
    }

    /// Adds one record from its parts; see [`Zone::add`].
    pub fn add_parts(
        &mut self,
        owner: &Name,
        ttl: Ttl,
        rtype: RrType,
        rdata_wire: &[u8],
    ) -> Result<(), ZoneError> {
        self.push_wire(owner.as_wire(), ttl, rtype, rdata_wire, u16::MAX, 0)
    }

    /// Where a record was read, from the index of its file and its line; None for records
    /// not read from a file (line 0).
    pub(crate) fn location(&self, file: u16, line: u32) -> Option<Location> {
        self.files.get(file as usize).map(|f| Location {
            file: f.clone(),
            line,
        })
    }

    /// Follows the runs of loaded records and notes the first SOA away from the origin with
    /// the run it is in.
    fn track_run(&mut self, owner: &[u8], rtype: RrType, file: u16, line: u32) {
        if self.run.file != file || self.run.owner != owner {
            if let Some(f) = self.foreign_soa.as_mut() {
                f.open = false;
            }
            self.run.owner.clear();
            self.run.owner.extend_from_slice(owner);
            self.run.file = file;
            self.run.first_line = line;
        }
        self.run.last_line = line;
        match self.foreign_soa.as_mut() {
            Some(f) if f.open => f.run.last_line = line,
            None if rtype == RrType::SOA && !owner.eq_ignore_ascii_case(self.origin.as_wire()) => {
                let name = Name::from_wire(owner)
                    .map(|n| n.bind_text())
                    .unwrap_or_default();
                self.foreign_soa = Some(ForeignSoa {
                    name,
                    run: self.run.clone(),
                    open: true,
                });
            }
            _ => {}
        }
    }

    fn push_wire(
        &mut self,
        owner: &[u8],
        ttl: Ttl,
        rtype: RrType,
        rd: &[u8],
        file: u16,
        line: u32,
    ) -> Result<(), ZoneError> {
        let rdata_len = u16::try_from(rd.len()).map_err(|_| ZoneError {
            location: self.location(file, line),
            kind: ZoneErrorKind::Rdata {
                rtype,
                error: rdata::RdataError::TooLong,
                near: Near::Nothing,
            },
        })?;
        if file != u16::MAX {
            self.track_run(owner, rtype, file, line);
        }
        // A run of records at one owner ends at a file boundary too (`$INCLUDE`): BIND's
        // loader settles TTLs per such run (zone::sort), and warnings name the run's file.
        let same_owner = self
            .owners
            .last()
            .is_some_and(|o| o.file == file && self.names.get(o.off, o.len as usize) == owner);
        if !same_owner {
            if !is_at_or_below(owner, self.origin.as_wire()) {
                let name = Name::from_wire(owner)
                    .map(|n| n.bind_text())
                    .unwrap_or_default();
                if let Some(location) = self.location(file, line) {
                    let mut w = Warning::new(location, WarningKind::OutOfZone(name));
                    w.order = 2 * self.records.len() as u64;
                    self.warnings.push(w);
                }
                return Ok(());
            }
            let off = self.names.push(owner)?;
            self.owners.push(Owner {
                off,
                file,
                len: owner.len() as u8,
            });
        }
        let off = self.rdata.push(rd)?;
        if rdata::table::has_lowercased_names(rtype) && rd.iter().any(u8::is_ascii_uppercase) {
            self.scratch.clear();
            self.scratch.extend_from_slice(rd);
            if matches!(rdata::canonicalize(rtype, &mut self.scratch), Ok(true)) {
                let canon = self.rdata.push(&self.scratch)?;
                self.canon.push((off, canon));
            }
        }
        self.records.push(Rec {
            owner: (self.owners.len() - 1) as u32,
            ttl: ttl.0,
            rdata: off,
            line,
            rtype: rtype.0,
            rdata_len,
        });
        self.finished = false;
        Ok(())
    }

    /// The zone's origin.
    pub fn origin(&self) -> &Name {
        &self.origin
    }

    /// The zone's class.
    pub fn class(&self) -> Class {
        self.class
    }

    /// Number of records (after duplicates were removed by `finish`), the RRSIGs judged
    /// while a verifier loaded the zone included.
    pub fn len(&self) -> usize {
        self.records.len() + self.judged.len()
    }

    /// True when the zone holds no records.
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// Warnings gathered while loading and finishing (BIND's wording).
    pub fn warnings(&self) -> &[Warning] {
        &self.warnings
    }

    /// Bytes held by the arenas and tables (for the benchmark and capacity planning).
    pub fn memory_bytes(&self) -> usize {
        self.names.len()
            + self.rdata.len()
            + self.owners.capacity() * std::mem::size_of::<Owner>()
            + self.records.capacity() * std::mem::size_of::<Rec>()
            + self.canon.capacity() * std::mem::size_of::<(u32, u32)>()
            + self.judged.capacity() * std::mem::size_of::<JudgedSig>()
            + self.rrsig_fields.memory_bytes()
            + self.nodes.capacity() * std::mem::size_of::<Node>()
            + self.node_owners.capacity() * std::mem::size_of::<u32>()
    }

    pub(crate) fn owner_wire(&self, owner: u32) -> &[u8] {
        match self.owners.get(owner as usize) {
            Some(o) => self.names.get(o.off, o.len as usize),
            None => &[0],
        }
    }

    pub(super) fn rdata_of(&self, r: &Rec) -> &[u8] {
        self.rdata.get(r.rdata, r.rdata_len as usize)
    }

    pub(super) fn canonical_rdata_of(&self, r: &Rec) -> &[u8] {
        let at = match self.canon.is_empty() {
            true => r.rdata,
            false => match self.canon.binary_search_by_key(&r.rdata, |c| c.0) {
                Ok(i) => self.canon[i].1,
                Err(_) => r.rdata,
            },
        };
        self.rdata.get(at, r.rdata_len as usize)
    }

    /// The records of node `k`.
    pub(super) fn node_recs(&self, k: usize) -> &[Rec] {
        let Some(node) = self.nodes.get(k) else {
            return &[];
        };
        let end = self
            .nodes
            .get(k + 1)
            .map_or(self.records.len(), |n| n.first as usize);
        self.records.get(node.first as usize..end).unwrap_or(&[])
    }

    /// The owner entry of node `k`.
    pub(super) fn node_owner(&self, k: usize) -> u32 {
        match self.node_owners.get(k) {
            Some(&o) => o,
            None => k as u32,
        }
    }

    /// Gives node `k` owner entry `owner`.
    pub(super) fn set_node_owner(&mut self, k: usize, owner: u32) {
        if self.node_owners.is_empty() {
            if owner == k as u32 {
                return;
            }
            self.node_owners = (0..self.nodes.len() as u32).collect();
        }
        if let Some(o) = self.node_owners.get_mut(k) {
            *o = owner;
        }
    }

    pub(super) fn record_view<'z>(&'z self, owner: &'z [u8], r: &Rec) -> RecordView<'z> {
        RecordView {
            owner,
            ttl: Ttl(r.ttl),
            class: self.class,
            rtype: RrType(r.rtype),
            rdata: self.rdata_of(r),
            canonical_rdata: self.canonical_rdata_of(r),
        }
    }

    /// The owner names in canonical order (RFC 4034 section 6.1), each with its RRsets.
    /// Only meaningful after [`finish`](Zone::finish) (the loaders call it).
    pub fn names(&self) -> impl Iterator<Item = NameView<'_>> + '_ {
        (0..self.nodes.len()).map(move |index| NameView { zone: self, index })
    }

    /// The number of names [`Zone::names`] yields.
    pub fn name_count(&self) -> usize {
        self.nodes.len()
    }

    /// Name `i` in canonical order (RFC 4034 section 6.1), as [`Zone::names`] yields it.
    pub(crate) fn name_at(&self, i: usize) -> Option<NameView<'_>> {
        (i < self.nodes.len()).then_some(NameView {
            zone: self,
            index: i,
        })
    }

    /// True when some record of the zone has type `rtype`.
    pub(crate) fn has_type(&self, rtype: RrType) -> bool {
        (rtype == RrType::RRSIG && !self.judged.is_empty())
            || self.records.iter().any(|r| r.rtype == rtype.0)
    }

    /// Every record in canonical order (RFC 4034 section 6.3).
    pub fn records(&self) -> impl Iterator<Item = RecordView<'_>> + '_ {
        self.names()
            .flat_map(|n| n.rrsets().flat_map(|s| s.records()))
    }

    /// The owner name `name`, if it has records.
    pub fn find(&self, name: &Name) -> Option<NameView<'_>> {
        let wire = name.as_wire();
        let mut lo = 0usize;
        let mut hi = self.nodes.len();
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match canonical_cmp_wire(self.owner_wire(self.node_owner(mid)), wire) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return self.name_at(mid),
            }
        }
        None
    }

    /// The apex SOA record, if present.
    pub fn soa(&self) -> Option<RecordView<'_>> {
        self.find(&self.origin)?
            .rrset(RrType::SOA)?
            .records()
            .next()
    }

    /// True when `name` is a delegation point: NS at a name other than the apex that is not
    /// itself below another cut (RFC 4035 section 2.3).
    pub fn is_delegation(&self, name: &Name) -> bool {
        self.find(name)
            .is_some_and(|n| n.role() == NameRole::Delegation)
    }

    /// True when `name` lies strictly below a delegation or a DNAME owner (RFC 1034 section
    /// 4.2.1, RFC 6672 section 2.3), whether or not it has records.
    pub fn is_below_cut(&self, name: &Name) -> bool {
        if let Some(n) = self.find(name) {
            return n.role().is_below_cut();
        }
        let mut cur = name.parent();
        while let Some(a) = cur {
            if !a.is_subdomain_of(&self.origin) {
                return false;
            }
            if let Some(n) = self.find(&a) {
                let r = n.role();
                return r.is_below_cut()
                    || r == NameRole::Delegation
                    || n.rrset(RrType::DNAME).is_some();
            }
            cur = a.parent();
        }
        false
    }

    /// True when `name` holds glue: address records below a delegation (RFC 1034 section
    /// 4.2.1).
    pub fn is_glue(&self, name: &Name) -> bool {
        self.find(name).is_some_and(|n| n.role() == NameRole::Glue)
    }

    /// The empty non-terminals (RFC 4592 section 2.2.2): names with no records but with
    /// names below them, in canonical order, with whether each lies below a cut.
    pub fn empty_non_terminals(&self) -> Vec<(Name, bool)> {
        let mut out = Vec::new();
        let mut previous: Option<Name> = None;
        for n in self.names() {
            let name = n.name();
            if let Some(prev) = &previous {
                let mut missing = Vec::new();
                let mut a = name.parent();
                while let Some(anc) = a {
                    if anc == self.origin
                        || !anc.is_subdomain_of(&self.origin)
                        || prev.is_subdomain_of(&anc)
                    {
                        break;
                    }
                    a = anc.parent();
                    missing.push(anc);
                }
                let below = n.role().is_below_cut();
                out.extend(missing.into_iter().rev().map(|m| (m, below)));
            }
            previous = Some(name);
        }
        out
    }
}

/// How many parts a big file is cut into at least, for loading in parallel.
fn load_parts() -> usize {
    rayon::current_num_threads() * 4
}

/// True when wire name `name` equals or lies below wire name `origin` (case-insensitive,
/// at a label boundary).
pub(crate) fn is_at_or_below(name: &[u8], origin: &[u8]) -> bool {
    let mut pos = 0usize;
    loop {
        let rest = name.get(pos..).unwrap_or(&[]);
        if rest.len() == origin.len() {
            return rest.eq_ignore_ascii_case(origin);
        }
        if rest.len() < origin.len() {
            return false;
        }
        match rest.first() {
            Some(&0) | None => return false,
            Some(&len) => pos += len as usize + 1,
        }
    }
}
