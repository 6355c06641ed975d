//! Graphviz's SVG made fit to sit inside the report's HTML: the XML prolog, the doctype
//! (which names a URL) and the comments (which repeat node ids) are dropped. Graphviz
//! escapes every label and title as XML text, so names from the code stay text; as a
//! second line of defence, SVG holding an element that could run script is refused.

/// The `<svg>` element of `dot -Tsvg` output, without comments.
pub fn inline(svg: &[u8]) -> Result<String, String> {
    let text = String::from_utf8_lossy(svg);
    let start = text.find("<svg").ok_or("`dot` wrote no <svg> element")?;
    let mut out = String::with_capacity(text.len() - start);
    let mut rest = &text[start..];
    while let Some(open) = rest.find("<!--") {
        out.push_str(&rest[..open]);
        rest = match rest[open..].find("-->") {
            Some(close) => &rest[open + close + 3..],
            None => "",
        };
    }
    out.push_str(rest);
    let lower = out.to_ascii_lowercase();
    if ["<script", "<foreignobject", "<iframe", "<!["]
        .iter()
        .any(|tag| lower.contains(tag))
    {
        return Err(
            "`dot` wrote SVG with an element that could run script; refusing to embed it".into(),
        );
    }
    Ok(out.trim_end().to_string())
}

#[cfg(test)]
mod tests {
    use super::inline;

    #[test]
    fn keeps_only_the_svg_element_without_comments() {
        let svg = b"<?xml version=\"1.0\"?>\n<!DOCTYPE svg PUBLIC \"x\" \"http://example.invalid\">\n<!-- Generated -->\n<svg a=\"1\">\n<!-- n&#45;&gt; -->\n<g><title>t</title></g>\n</svg>\n";
        assert_eq!(
            inline(svg).unwrap(),
            "<svg a=\"1\">\n\n<g><title>t</title></g>\n</svg>"
        );
    }

    #[test]
    fn refuses_script() {
        assert!(inline(b"<svg><script>x()</script></svg>").is_err());
        assert!(inline(b"<svg><foreignObject/></svg>").is_err());
    }
}
