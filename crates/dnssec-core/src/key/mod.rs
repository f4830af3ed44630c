//! BIND key files (docs/bind-compat.md, "key files: names, modes and lookup",
//! "key files: .key", "key files: .private" and "key files: .state"): the `.key` public record,
//! the `.private` material and metadata, the `.state` KASP state, key timing, finding a zone's
//! keys in a directory, and writing key files atomically.
//!
//! [`Key`] is the whole key as the tools use it: load with [`Key::load`], change fields,
//! write with [`Key::write`].

mod dir;
mod error;
mod path;
mod private;
mod public;
mod state;
mod timing;
mod write;

pub use dir::{index_zone_keys, list_zone_keys, KeyTagIndex};
pub use error::KeyError;
pub use path::{key_basename, KeyPath};
pub use private::{parse_private, FormatVersion, PrivateFile, PrivateMaterial};
use public::describe_key;
pub(crate) use public::KeyComments;
pub use public::{
    check_key_file_size, check_public_key, check_zone_key, parse_public, KeyRecordType,
    PublicRecord,
};
pub use state::{parse_state, KeyState, RecordState};
pub use timing::{KeyTiming, TimeField};
pub use write::{write_file_set, ModeChange, Overwrite, PendingFile, PRIVATE_MODE, PUBLIC_MODE};

use crate::algorithm::Algorithm;
use crate::crypto::{self, CryptoError, PrivateFields, PrivateKey};
use crate::name::Name;
use crate::rr::Dnskey;
use crate::rr::{Class, Ttl};
use chrono::TimeZone;
use std::fmt;
use std::path::Path;

/// What a key holds besides its public half.
#[derive(Debug)]
pub enum KeyPrivate {
    /// Private material this kit can sign with.
    Material(PrivateKey),
    /// Private material this kit can carry and rewrite but not use (DH, RSAMD5, RSA under
    /// 512 or over 4096 bits); the reason is kept for messages.
    Stored(PrivateFields, CryptoError),
    /// `External:` (importkey): the private half lives elsewhere (docs/bind-compat.md,
    /// "importkey").
    External,
    /// Only the `.key` was read.
    PublicOnly,
}

/// A key as BIND's tools see it: the `.key` record, the `.private` material and metadata,
/// and the optional `.state` (docs/bind-compat.md, "key files: .key", "key files: .private" and
/// "key files: .state").
#[derive(Debug)]
pub struct Key {
    /// The owner name, case kept (docs/bind-compat.md, "key files: names, modes and lookup").
    pub owner: Name,
    /// The class of the record (IN unless `-c`).
    pub class: Class,
    /// The TTL written in the `.key` record line, if any.
    pub ttl: Option<Ttl>,
    /// DNSKEY or KEY.
    pub record_type: KeyRecordType,
    /// The public record data.
    pub dnskey: Dnskey,
    /// The times and links; values from `.state` already override `.private` ones.
    pub timing: KeyTiming,
    /// The private half.
    pub private: KeyPrivate,
    /// The `.private` format version (v1.3 for new keys).
    pub version: FormatVersion,
    /// `Engine:`/`Label:` from the `.private` (EDGE), kept to be written back.
    pub engine: Option<Vec<u8>>,
    /// See `engine`.
    pub label: Option<Vec<u8>>,
    /// The `.state` contents, when the key has (or should get) one.
    pub state: Option<KeyState>,
}

impl Key {
    /// A new DNSKEY for `owner` (class IN, no TTL, protocol 3, v1.3, no times set) from
    /// freshly made material. `flags` is usually `Dnskey::ZONE` plus `Dnskey::SEP` for a KSK.
    pub fn new(owner: Name, flags: u16, material: PrivateKey) -> Key {
        let dnskey = Dnskey {
            flags,
            protocol: Dnskey::PROTOCOL,
            algorithm: material.algorithm(),
            public_key: material.public_key(),
        };
        Key {
            owner,
            class: Class::IN,
            ttl: None,
            record_type: KeyRecordType::Dnskey,
            dnskey,
            timing: KeyTiming::default(),
            private: KeyPrivate::Material(material),
            version: FormatVersion::V1_3,
            engine: None,
            label: None,
            state: None,
        }
    }

    /// Makes a new key (see [`PrivateKey::generate`] for `bits`).
    pub fn generate(
        owner: Name,
        algorithm: Algorithm,
        bits: Option<u32>,
        flags: u16,
    ) -> Result<Key, CryptoError> {
        Ok(Key::new(
            owner,
            flags,
            PrivateKey::generate(algorithm, bits)?,
        ))
    }

    /// The algorithm.
    pub fn algorithm(&self) -> Algorithm {
        self.dnskey.algorithm
    }

    /// The key tag (RFC 4034 Appendix B).
    pub fn key_tag(&self) -> u16 {
        self.dnskey.key_tag()
    }

    /// The base name `K<name>+<alg>+<tag>` (docs/bind-compat.md,
    /// "key files: names, modes and lookup").
    pub fn basename(&self) -> String {
        key_basename(&self.owner, self.algorithm(), self.key_tag())
    }

    /// True when the SEP flag is set.
    pub fn is_ksk(&self) -> bool {
        self.dnskey.is_ksk()
    }

    /// True when the REVOKE flag is set.
    pub fn is_revoked(&self) -> bool {
        self.dnskey.is_revoked()
    }

    /// The key size in bits (`.state` `Length`).
    pub fn bits(&self) -> Option<u32> {
        crypto::public_key_bits(self.dnskey.algorithm, &self.dnskey.public_key)
    }

    /// The signing key, when this kit can sign with it.
    pub fn signer(&self) -> Option<&PrivateKey> {
        match &self.private {
            KeyPrivate::Material(k) => Some(k),
            _ => None,
        }
    }

    /// `Name/ALG/tag`, the way BIND names a key in messages (`Key x.test/ECDSAP256SHA256/2916 ...`).
    pub fn describe(&self) -> String {
        describe_key(&self.owner, &self.dnskey)
    }

    /// The public record.
    pub fn public_record(&self) -> PublicRecord {
        PublicRecord {
            owner: self.owner.clone(),
            ttl: self.ttl,
            class: self.class,
            record_type: self.record_type,
            dnskey: self.dnskey.clone(),
        }
    }

    /// Loads a key from a command-line argument (docs/bind-compat.md,
    /// "key files: names, modes and lookup": suffixes stripped, `-K` applied): the `.key`, the
    /// `.private` (which must exist and match the public key, a check BIND does not make,
    /// docs/bind-compat.md, "quirks" item 15) and the `.state` if there is one, whose values
    /// override the `.private` ones.
    pub fn load(arg: &str, key_dir: Option<&Path>) -> Result<Key, KeyError> {
        Key::load_path(&KeyPath::parse(arg, key_dir))
    }

    /// [`Key::load`] for an already split path.
    pub fn load_path(path: &KeyPath) -> Result<Key, KeyError> {
        let mut key = Key::load_path_without_state(path)?;
        let state_path = path.file("state");
        if state_path.exists() {
            let text = read_text(&state_path)?;
            let state = state::parse_state_for(&text, key.algorithm(), key.bits())
                .map_err(|e| e.in_file(&state_path))?;
            key.attach_state(state)?;
        }
        Ok(key)
    }

    /// The `.key` and `.private` of a key, leaving any `.state` unread, as BIND's revoke
    /// loads a key (it neither reads nor judges the `.state`; docs/bind-compat.md, "keys:
    /// times, fields and checks").
    pub fn load_path_without_state(path: &KeyPath) -> Result<Key, KeyError> {
        let mut key = Key::load_public_file(&path.file("key"))?;
        let private_path = path.file("private");
        let private = read_text(&private_path)?;
        key.attach_private(
            &private::parse_private(&private).map_err(|e| e.in_file(&private_path))?,
        )?;
        Ok(key)
    }

    /// Loads only a `.key` file (dsfromkey needs no `.private`, docs/bind-compat.md, "dsfromkey").
    pub fn load_public_file(path: &Path) -> Result<Key, KeyError> {
        let text = read_text(path)?;
        // Errors name the file as the user did (`K…`, not the `./K…` it was found as).
        let label = crate::error::path_text(path.strip_prefix("./").unwrap_or(path));
        let record = public::parse_public(&text, &label)?;
        // Every BIND tool that loads a key file wants a DNSKEY; KEY records are only written.
        if record.record_type != KeyRecordType::Dnskey {
            return Err(KeyError::BadKeyType);
        }
        // BIND's key loader knows only the algorithms it can use and refuses the rest
        // before looking at the key material (docs/bind-compat.md,
        // "algorithms, digests and key sizes").
        if !record.dnskey.algorithm.bind_supports() {
            return Err(KeyError::UnsupportedAlgorithm(record.dnskey.algorithm));
        }
        Ok(Key {
            owner: record.owner,
            class: record.class,
            ttl: record.ttl,
            record_type: record.record_type,
            dnskey: record.dnskey,
            timing: KeyTiming::default(),
            private: KeyPrivate::PublicOnly,
            version: FormatVersion::V1_3,
            engine: None,
            label: None,
            state: None,
        })
    }

    /// Joins a `.private` to this public key: checks the algorithm and that the material
    /// belongs to the public key, and takes its version and metadata.
    pub fn attach_private(&mut self, file: &PrivateFile) -> Result<(), KeyError> {
        if file.algorithm != self.algorithm() {
            return Err(KeyError::PrivateKeyInvalid);
        }
        self.private = match &file.material {
            PrivateMaterial::External => KeyPrivate::External,
            PrivateMaterial::Fields(fields) => {
                match PrivateKey::from_fields(file.algorithm, fields) {
                    Ok(material) => {
                        if !material.matches_public(&self.dnskey.public_key) {
                            return Err(KeyError::KeyMismatch);
                        }
                        KeyPrivate::Material(material)
                    }
                    Err(
                        e @ (CryptoError::UnsupportedAlgorithm(_)
                        | CryptoError::UnsupportedKeySize { .. }),
                    ) => {
                        if let PrivateFields::Rsa(rsa) = fields {
                            if !crypto::rsa_fields_match_public(rsa, &self.dnskey.public_key) {
                                return Err(KeyError::KeyMismatch);
                            }
                        }
                        KeyPrivate::Stored(fields.clone(), e)
                    }
                    Err(_) => return Err(KeyError::PrivateKeyInvalid),
                }
            }
        };
        self.version = file.version;
        self.engine = file.engine.clone();
        self.label = file.label.clone();
        // The .private is the record of the times; the .key comments only echo them.
        self.timing = file.timing.clone();
        Ok(())
    }

    /// Joins a `.state`: `Algorithm`/`Length` must match, and its times override.
    pub fn attach_state(&mut self, state: KeyState) -> Result<(), KeyError> {
        state.check_matches(self.algorithm(), self.bits())?;
        let t = &state.timing;
        for field in TimeField::ALL {
            if let Some(v) = t.get(field) {
                self.timing.set(field, Some(v));
            }
        }
        if t.predecessor.is_some() {
            self.timing.predecessor = t.predecessor;
        }
        if t.successor.is_some() {
            self.timing.successor = t.successor;
        }
        self.state = Some(state);
        Ok(())
    }

    /// The `.key` text, comments in `tz` (docs/bind-compat.md, "key files: .key").
    pub fn public_text_in<Tz: TimeZone>(&self, tz: &Tz) -> String
    where
        Tz::Offset: fmt::Display,
    {
        let comments = if self.record_type == KeyRecordType::Key {
            KeyComments::None
        } else if !self.version.has_metadata() {
            KeyComments::HeaderOnly
        } else {
            KeyComments::Full(&self.timing)
        };
        public::write_public_in(&self.public_record(), comments, tz)
    }

    /// The `.private` text (docs/bind-compat.md, "key files: .private"). Fails only for a
    /// public-only key.
    pub fn private_text(&self) -> Result<String, KeyError> {
        let material = match &self.private {
            KeyPrivate::Material(k) => {
                PrivateMaterial::Fields(k.to_fields().map_err(|_| KeyError::PrivateKeyInvalid)?)
            }
            KeyPrivate::Stored(f, _) => PrivateMaterial::Fields(f.clone()),
            KeyPrivate::External => PrivateMaterial::External,
            KeyPrivate::PublicOnly => return Err(KeyError::PrivateKeyInvalid),
        };
        self.check_times_writable()?;
        let mut timing = self.timing.clone();
        timing.ds_delete = None;
        Ok(private::write_private(&PrivateFile {
            version: self.version,
            algorithm: self.algorithm(),
            material,
            engine: self.engine.clone(),
            label: self.label.clone(),
            timing,
        }))
    }

    /// Refuses a key whose times a key file cannot carry with their meaning (outside
    /// 1970..2106, [`crate::time::KEY_TIME_RANGE`]): BIND would read them as other dates
    /// (docs/bind-compat.md, "keys: times, fields and checks"). Every writer of key files
    /// goes through [`Key::private_text`], which calls this.
    pub fn check_times_writable(&self) -> Result<(), KeyError> {
        let not_writable = |field: &'static str, t: Option<crate::time::UnixTime>| match t {
            Some(t) if !crate::time::is_key_time(t) => {
                Err(KeyError::TimeNotWritable { field, time: t.0 })
            }
            _ => Ok(()),
        };
        for field in TimeField::PRIVATE_TAGS {
            not_writable(field.tag(), self.timing.get(field))?;
        }
        not_writable(TimeField::DsDelete.tag(), self.timing.ds_delete)?;
        if let Some(state) = &self.state {
            for (tag, t) in [
                ("DNSKEYChange", state.dnskey_change),
                ("ZRRSIGChange", state.zrrsig_change),
                ("KRRSIGChange", state.krrsig_change),
                ("DSChange", state.ds_change),
            ] {
                not_writable(tag, t)?;
            }
        }
        Ok(())
    }

    /// The `.state` text with the key's current times (docs/bind-compat.md,
    /// "key files: .state"), comments in `tz`; None when the key has no state.
    pub fn state_text_in<Tz: TimeZone>(&self, tz: &Tz) -> Option<String>
    where
        Tz::Offset: fmt::Display,
    {
        let mut state = self.state.clone()?;
        state.algorithm = Some(self.algorithm());
        state.length = self.bits();
        let mut timing = self.timing.clone();
        timing.max_ttl = None;
        timing.roll_period = None;
        state.timing = timing;
        Some(state::write_state_in(
            &state,
            self.key_tag(),
            &self.owner,
            tz,
        ))
    }

    /// Writes the key's files into `dir` (`.key` 0644, `.private` 0600, and `.state` 0644
    /// when the key has state) all-or-nothing, comments in local time. Returns the paths
    /// written, in that order, and any permission changes of replaced files.
    pub fn write(
        &self,
        dir: &Path,
        overwrite: Overwrite,
    ) -> Result<(Vec<std::path::PathBuf>, Vec<ModeChange>), KeyError> {
        self.write_in(dir, overwrite, &chrono::Local)
    }

    /// [`Key::write`] with the comments in `tz`.
    pub fn write_in<Tz: TimeZone>(
        &self,
        dir: &Path,
        overwrite: Overwrite,
        tz: &Tz,
    ) -> Result<(Vec<std::path::PathBuf>, Vec<ModeChange>), KeyError>
    where
        Tz::Offset: fmt::Display,
    {
        let path = KeyPath::new(dir, self.basename());
        let mut files = vec![
            write::PendingFile {
                path: path.file("key"),
                contents: self.public_text_in(tz).into_bytes(),
                mode: write::PUBLIC_MODE,
            },
            write::PendingFile {
                path: path.file("private"),
                contents: self.private_text()?.into_bytes(),
                mode: write::PRIVATE_MODE,
            },
        ];
        if let Some(state) = self.state_text_in(tz) {
            files.push(write::PendingFile {
                path: path.file("state"),
                contents: state.into_bytes(),
                mode: write::PUBLIC_MODE,
            });
        }
        let changes = write::write_file_set(&files, overwrite)?;
        Ok((files.into_iter().map(|f| f.path).collect(), changes))
    }
}

fn read_text(path: &Path) -> Result<String, KeyError> {
    let bytes = std::fs::read(path).map_err(|e| KeyError::from_io(&e, path))?;
    String::from_utf8(bytes).map_err(|_| KeyError::Syntax)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_files_of_algorithms_bind_cannot_load_are_refused() {
        let dir = std::env::temp_dir().join(format!("dnssec-core-keyalg-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let key = Key::generate(
            Name::parse("u.test.", None).unwrap(),
            Algorithm::ECDSAP256SHA256,
            None,
            Dnskey::ZONE,
        )
        .unwrap();
        let (written, _) = key.write(&dir, Overwrite::Refuse).unwrap();
        let key_file = &written[0];
        let text = std::fs::read_to_string(key_file).unwrap();
        assert!(Key::load_public_file(key_file).is_ok());
        // The same record under another algorithm number, as BIND's dsfromkey, settime,
        // revoke and importkey are handed it: 99 and 253 (private) are refused by every one
        // of them with `algorithm is unsupported`, as are DSA and GOST. (RSAMD5 is not here:
        // this EC key's bytes are no RSA key, which the record parser reports first.)
        for number in [3u8, 6, 12, 99, 253] {
            let path = dir.join(format!("Ku.test.+{number:03}+00001.key"));
            std::fs::write(
                &path,
                text.replace(" 256 3 13 ", &format!(" 256 3 {number} ")),
            )
            .unwrap();
            let err = Key::load_public_file(&path).unwrap_err();
            assert_eq!(err, KeyError::UnsupportedAlgorithm(Algorithm(number)));
            assert_eq!(err.to_string(), "algorithm is unsupported");
            std::fs::copy(&written[1], path.with_extension("private")).unwrap();
            assert_eq!(
                Key::load(&path.to_string_lossy(), None).unwrap_err(),
                KeyError::UnsupportedAlgorithm(Algorithm(number))
            );
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
