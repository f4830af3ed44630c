//! The times and links BIND keeps for a key (docs/bind-compat.md, "key files: .key",
//! "key files: .private" and "key files: .state"): when it was made, is published, active,
//! revoked, retired and deleted, when its DS and CDS/CDNSKEY records come and go, and which
//! keys it succeeds or precedes.

use crate::time::UnixTime;

/// One key's schedule and lineage, as `.key` comments, `.private` metadata and `.state`
/// hold them (docs/bind-compat.md, "key files: .private" lists the `.private` fields;
/// "key files: .state" the `.state` names).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct KeyTiming {
    /// `Created` (`.state` `Generated`).
    pub created: Option<UnixTime>,
    /// `Publish` (`.state` `Published`).
    pub publish: Option<UnixTime>,
    /// `Activate` (`.state` `Active`).
    pub activate: Option<UnixTime>,
    /// `Revoke` (`.state` `Revoked`).
    pub revoke: Option<UnixTime>,
    /// `Inactive` (`.state` `Retired`).
    pub inactive: Option<UnixTime>,
    /// `Delete` (`.state` `Removed`).
    pub delete: Option<UnixTime>,
    /// `DSPublish` (`settime -P ds`).
    pub ds_publish: Option<UnixTime>,
    /// `DSRemoved` (`settime -D ds`): kept only in `.state` (docs/bind-compat.md, "quirks" item
    /// 4).
    pub ds_delete: Option<UnixTime>,
    /// `SyncPublish` (`.state` `PublishCDS`): when CDS/CDNSKEY appear.
    pub sync_publish: Option<UnixTime>,
    /// `SyncDelete` (`.state` `DeleteCDS`): when CDS/CDNSKEY go.
    pub sync_delete: Option<UnixTime>,
    /// `Predecessor`: the key tag of the key this one replaces.
    pub predecessor: Option<u16>,
    /// `Successor`: the key tag of the key that replaces this one.
    pub successor: Option<u16>,
    /// `MaxTTL` in seconds.
    pub max_ttl: Option<u32>,
    /// `RollPeriod` in seconds.
    pub roll_period: Option<u32>,
}

/// Names a single time of a key, for tools that set or print one (`settime -P ds`, `-p`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TimeField {
    /// Created.
    Created,
    /// Publish.
    Publish,
    /// Activate.
    Activate,
    /// Revoke.
    Revoke,
    /// Inactive.
    Inactive,
    /// Delete.
    Delete,
    /// DSPublish.
    DsPublish,
    /// DSRemoved (DS delete).
    DsDelete,
    /// SyncPublish.
    SyncPublish,
    /// SyncDelete.
    SyncDelete,
}

impl TimeField {
    /// The field's tag in key files: the `.private` line, the `.key` comment and the `.state`
    /// line all use it (docs/bind-compat.md, "key files: .private", "key files: .key").
    pub fn tag(self) -> &'static str {
        match self {
            TimeField::Created => "Created",
            TimeField::Publish => "Publish",
            TimeField::Activate => "Activate",
            TimeField::Revoke => "Revoke",
            TimeField::Inactive => "Inactive",
            TimeField::Delete => "Delete",
            TimeField::DsPublish => "DSPublish",
            TimeField::DsDelete => "DSRemoved",
            TimeField::SyncPublish => "SyncPublish",
            TimeField::SyncDelete => "SyncDelete",
        }
    }

    /// Every time a key has, in the order `settime -p all` prints them (docs/bind-compat.md,
    /// "settime").
    pub const ALL: [TimeField; 10] = [
        TimeField::Created,
        TimeField::Publish,
        TimeField::Activate,
        TimeField::Revoke,
        TimeField::Inactive,
        TimeField::Delete,
        TimeField::SyncPublish,
        TimeField::SyncDelete,
        TimeField::DsPublish,
        TimeField::DsDelete,
    ];

    /// The order of `.key` comment lines (docs/bind-compat.md, "key files: .key"): that of
    /// [`TimeField::ALL`] without its last two, the DS times, which are never shown there.
    pub const KEY_COMMENTS: &'static [TimeField] = TimeField::ALL.split_at(8).0;

    /// The order of `.private` time lines (docs/bind-compat.md, "key files: .private"); no
    /// DS delete.
    pub const PRIVATE_TAGS: [TimeField; 9] = [
        TimeField::Created,
        TimeField::Publish,
        TimeField::Activate,
        TimeField::Revoke,
        TimeField::Inactive,
        TimeField::Delete,
        TimeField::DsPublish,
        TimeField::SyncPublish,
        TimeField::SyncDelete,
    ];
}

impl KeyTiming {
    /// The value of one time.
    pub fn get(&self, field: TimeField) -> Option<UnixTime> {
        match field {
            TimeField::Created => self.created,
            TimeField::Publish => self.publish,
            TimeField::Activate => self.activate,
            TimeField::Revoke => self.revoke,
            TimeField::Inactive => self.inactive,
            TimeField::Delete => self.delete,
            TimeField::DsPublish => self.ds_publish,
            TimeField::DsDelete => self.ds_delete,
            TimeField::SyncPublish => self.sync_publish,
            TimeField::SyncDelete => self.sync_delete,
        }
    }

    /// Sets (or with None clears) one time.
    pub fn set(&mut self, field: TimeField, value: Option<UnixTime>) {
        let slot = match field {
            TimeField::Created => &mut self.created,
            TimeField::Publish => &mut self.publish,
            TimeField::Activate => &mut self.activate,
            TimeField::Revoke => &mut self.revoke,
            TimeField::Inactive => &mut self.inactive,
            TimeField::Delete => &mut self.delete,
            TimeField::DsPublish => &mut self.ds_publish,
            TimeField::DsDelete => &mut self.ds_delete,
            TimeField::SyncPublish => &mut self.sync_publish,
            TimeField::SyncDelete => &mut self.sync_delete,
        };
        *slot = value;
    }
}
