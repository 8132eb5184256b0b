//! A tiny, safe Markdown subset for exercise instructions, parsed into a tree the page turns
//! into DOM nodes one by one (never HTML text): paragraphs, `#` headings, `-`/`*`/`1.` lists,
//! fenced code blocks, and inline `code`, **bold**, *emphasis* and `[links](url)` (shown as
//! text followed by the address, never as a live link). Anything else is plain text, so no
//! input can inject markup. Linear in the input; no recursion.

/// A block of the document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    /// `#`…`######` (level 1–6).
    Heading(u8, Vec<Inline>),
    Paragraph(Vec<Inline>),
    List {
        ordered: bool,
        items: Vec<Vec<Inline>>,
    },
    /// A fenced code block's text (the fence's info string is dropped).
    Code(String),
}

/// A run of inline text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Inline {
    Text(String),
    Code(String),
    Strong(String),
    Em(String),
    /// Link text and its address (shown as text).
    Link(String, String),
}

fn list_item(line: &str) -> Option<(bool, &str)> {
    let t = line.trim_start();
    if let Some(rest) = t.strip_prefix("- ").or_else(|| t.strip_prefix("* ")) {
        return Some((false, rest));
    }
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && digits < 10 {
        if let Some(rest) = t[digits..].strip_prefix(". ") {
            return Some((true, rest));
        }
    }
    None
}

fn heading(line: &str) -> Option<(u8, &str)> {
    let hashes = line.bytes().take_while(|b| *b == b'#').count();
    if (1..=6).contains(&hashes) {
        if let Some(rest) = line[hashes..].strip_prefix(' ') {
            return Some((hashes as u8, rest.trim().trim_end_matches('#').trim_end()));
        }
    }
    None
}

/// Parses the subset. Never fails: what is not recognised is text.
pub fn parse(text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut para: Vec<&str> = Vec::new();
    let mut list: Option<(bool, Vec<String>)> = None;
    let mut code: Option<Vec<&str>> = None;
    fn flush(out: &mut Vec<Block>, para: &mut Vec<&str>, list: &mut Option<(bool, Vec<String>)>) {
        if !para.is_empty() {
            out.push(Block::Paragraph(inline(&para.join(" "))));
            para.clear();
        }
        if let Some((ordered, items)) = list.take() {
            out.push(Block::List { ordered, items: items.iter().map(|i| inline(i)).collect() });
        }
    }
    for line in text.lines() {
        if let Some(lines) = code.as_mut() {
            if line.trim_start().starts_with("```") {
                out.push(Block::Code(lines.join("\n")));
                code = None;
            } else {
                lines.push(line);
            }
            continue;
        }
        let trimmed = line.trim();
        if trimmed.starts_with("```") {
            flush(&mut out, &mut para, &mut list);
            code = Some(Vec::new());
        } else if trimmed.is_empty() {
            flush(&mut out, &mut para, &mut list);
        } else if let Some((level, rest)) = heading(trimmed) {
            flush(&mut out, &mut para, &mut list);
            out.push(Block::Heading(level, inline(rest)));
        } else if let Some((ordered, rest)) = list_item(line) {
            if !para.is_empty() || list.as_ref().is_some_and(|(o, _)| *o != ordered) {
                flush(&mut out, &mut para, &mut list);
            }
            list.get_or_insert_with(|| (ordered, Vec::new())).1.push(rest.trim().to_string());
        } else if let Some((_, items)) = list.as_mut().filter(|_| line.starts_with(' ')) {
            // An indented line continues the current item.
            if let Some(last) = items.last_mut() {
                last.push(' ');
                last.push_str(trimmed);
            }
        } else {
            if list.is_some() {
                flush(&mut out, &mut para, &mut list);
            }
            para.push(trimmed);
        }
    }
    if let Some(lines) = code {
        out.push(Block::Code(lines.join("\n")));
    }
    flush(&mut out, &mut para, &mut list);
    out
}

/// Inline markup of one block's text.
pub fn inline(text: &str) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::new();
    let mut plain = String::new();
    let mut rest = text;
    fn push_plain(out: &mut Vec<Inline>, plain: &mut String) {
        if !plain.is_empty() {
            out.push(Inline::Text(std::mem::take(plain)));
        }
    }
    while let Some(c) = rest.chars().next() {
        let taken = match c {
            '`' => rest[1..].find('`').map(|end| (Inline::Code(rest[1..1 + end].to_string()), end + 2)),
            '*' if rest.starts_with("**") => rest[2..]
                .find("**")
                .filter(|end| *end > 0)
                .map(|end| (Inline::Strong(rest[2..2 + end].to_string()), end + 4)),
            '*' => rest[1..]
                .find('*')
                .filter(|end| *end > 0 && !rest[1..].starts_with(' '))
                .map(|end| (Inline::Em(rest[1..1 + end].to_string()), end + 2)),
            '[' => rest.find("](").and_then(|mid| {
                let label = &rest[1..mid];
                let after = &rest[mid + 2..];
                let end = after.find(')')?;
                (!label.contains('['))
                    .then(|| (Inline::Link(label.to_string(), after[..end].to_string()), mid + 2 + end + 1))
            }),
            _ => None,
        };
        match taken {
            Some((node, len)) => {
                push_plain(&mut out, &mut plain);
                out.push(node);
                rest = &rest[len..];
            }
            None => {
                plain.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    push_plain(&mut out, &mut plain);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Inline {
        Inline::Text(s.into())
    }

    #[test]
    fn blocks() {
        let md = "# Goal\n\nAdd a **readinessProbe**\nso that traffic waits.\n\n- one\n- two `x`\n  continued\n\n1. first\n2. second\n\n```yaml\nkind: Pod\n```\nafter";
        let b = parse(md);
        assert_eq!(b[0], Block::Heading(1, vec![t("Goal")]));
        assert_eq!(
            b[1],
            Block::Paragraph(vec![t("Add a "), Inline::Strong("readinessProbe".into()), t(" so that traffic waits.")])
        );
        assert_eq!(
            b[2],
            Block::List {
                ordered: false,
                items: vec![vec![t("one")], vec![t("two "), Inline::Code("x".into()), t(" continued")]]
            }
        );
        assert_eq!(b[3], Block::List { ordered: true, items: vec![vec![t("first")], vec![t("second")]] });
        assert_eq!(b[4], Block::Code("kind: Pod".into()));
        assert_eq!(b[5], Block::Paragraph(vec![t("after")]));
        assert_eq!(b.len(), 6);
    }

    #[test]
    fn inline_markup_and_what_is_left_as_text() {
        assert_eq!(
            inline("see [the docs](https://k8s.io) and *this*"),
            vec![
                t("see "),
                Inline::Link("the docs".into(), "https://k8s.io".into()),
                t(" and "),
                Inline::Em("this".into())
            ]
        );
        // Unclosed or odd markup stays text; HTML is just text.
        assert_eq!(inline("a `b and **c"), vec![t("a `b and **c")]);
        assert_eq!(inline("<script>alert(1)</script>"), vec![t("<script>alert(1)</script>")]);
        assert_eq!(inline("2 * 3 * 4"), vec![t("2 * 3 * 4")]);
        assert_eq!(inline("中文 `代码`"), vec![t("中文 "), Inline::Code("代码".into())]);
        // An unclosed fence keeps its lines.
        assert_eq!(parse("```\nx"), vec![Block::Code("x".into())]);
    }
}
