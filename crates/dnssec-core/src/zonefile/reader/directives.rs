//! The directives of RFC 1035 section 5.1 and RFC 2308 section 4 (`$ORIGIN`, `$INCLUDE`,
//! `$TTL`) and BIND's `$GENERATE`.

use super::*;

impl Reader {
    /// `$ORIGIN`, `$TTL`, `$INCLUDE` (RFC 1035 section 5.1, RFC 2308 section 4) and BIND's
    /// `$GENERATE`. A missing argument is the end of the line; tokens after the last
    /// argument are extra input.
    pub(super) fn directive(
        &mut self,
        buf: &[u8],
        entry: &Entry,
        tokens: &[Token],
    ) -> Result<(), ZoneError> {
        let name = tokens[0].text(buf).to_ascii_uppercase();
        let arg = |i: usize| tokens.get(i).ok_or_else(|| self.ran_out(entry));
        // Checked after the arguments were read, as BIND reads them before the line's end.
        let end = |n: usize| {
            if tokens.len() > n {
                Err(self.err(ZoneErrorKind::ExtraTokens))
            } else if entry.fault.is_some() {
                Err(self.ran_out(entry))
            } else {
                Ok(())
            }
        };
        match name.as_slice() {
            b"$ORIGIN" => {
                let n = self.name(buf, arg(1)?)?;
                end(2)?;
                self.origin = Some(n);
                self.after_origin = true;
            }
            b"$TTL" => {
                let t = arg(1)?;
                let v = parse_period(t.text(buf))
                    .ok_or_else(|| self.err(ZoneErrorKind::BadTtl(text_of(buf, t))))?;
                end(2)?;
                let v = self.capped(v);
                self.dollar_ttl = Some(v);
                self.last_ttl = Some(v);
            }
            b"$INCLUDE" => {
                let t = arg(1)?;
                let new_origin = match tokens.get(2) {
                    Some(o) => Some(self.name(buf, o)?),
                    None => self.origin.clone(),
                };
                end(3)?;
                if self.sources.len() >= MAX_INCLUDE_DEPTH {
                    return Err(self.err(ZoneErrorKind::IncludeDepth));
                }
                let raw = include_path(t, buf);
                let label = message_text(&raw);
                let (data, feed) = open_source(&path_from_bytes(&raw)).map_err(|e| {
                    self.err(ZoneErrorKind::Io {
                        path: label.clone(),
                        reason: IoFailure::from(&e),
                    })
                })?;
                let mut src = Source::new(data.into(), Arc::from(label.as_str()), feed);
                src.saved = Some((self.origin.clone(), self.owner.clone()));
                self.origin = new_origin;
                self.sources.push(src);
            }
            b"$GENERATE" => {
                if tokens.len() < 5 {
                    return Err(self.ran_out(entry));
                }
                // After the range and lhs: an optional TTL, class and TTL (as in a record),
                // the type and the rhs, and nothing more (BIND: "extra input text"). A type
                // that is not one is left to the records made, which name it.
                let mut i = 3;
                let is_ttl = |t: &Token| !t.quoted && parse_period(t.text(buf)).is_some();
                let is_class = |t: &Token| {
                    !t.quoted
                        && std::str::from_utf8(t.text(buf))
                            .is_ok_and(|c| Class::from_mnemonic(c).is_some())
                };
                let ttl_first = tokens.get(i).is_some_and(is_ttl);
                if ttl_first {
                    i += 1;
                }
                if tokens.get(i).is_some_and(is_class) {
                    i += 1;
                    if !ttl_first && tokens.get(i).is_some_and(is_ttl) {
                        i += 1;
                    }
                }
                let known_type = tokens.get(i).is_some_and(|t| {
                    std::str::from_utf8(t.text(buf))
                        .is_ok_and(|m| RrType::from_mnemonic(m).is_some())
                });
                if known_type && tokens.len() > i + 2 {
                    return Err(self.err(ZoneErrorKind::ExtraTokens));
                }
                let gen = Generator::new(buf, &tokens[1..])
                    .map_err(|e| self.err(ZoneErrorKind::Generate(e)))?;
                if let Some(limit) = self.generate_limit {
                    if gen.remaining() > limit {
                        return Err(self.err(ZoneErrorKind::Generate(
                            GenerateError::TooManyLines { limit },
                        )));
                    }
                }
                let mut src = Source::new(
                    Arc::from(&[][..]),
                    self.cur_file.clone(),
                    Feed::Generate(Box::new(gen)),
                );
                src.fixed_line = Some(self.cur_line);
                self.sources.push(src);
                // The first batch is made now, so that a modifier that does not parse is
                // refused at the directive, before any record of it.
                if let Err(e) = self.refill() {
                    self.sources.pop();
                    return Err(e);
                }
            }
            _ => return Err(self.err(ZoneErrorKind::UnknownDirective(text_of(buf, &tokens[0])))),
        }
        Ok(())
    }
}
