//! Kubernetes resource quantities: `500m` CPU, `512Mi` memory.

use tfmap_core::Value;

/// CPU in millicores: `"2"` → 2000, `"500m"` → 500, `1.5` → 1500.
pub fn cpu_millis(value: &Value) -> Option<u64> {
    let text = match value {
        Value::Number(n) => return n.as_f64().map(|f| (f * 1000.0).round() as u64),
        Value::String(s) => s.trim(),
        _ => return None,
    };
    match text.strip_suffix('m') {
        Some(millis) => millis.parse().ok(),
        None => text
            .parse::<f64>()
            .ok()
            .filter(|f| *f >= 0.0)
            .map(|f| (f * 1000.0).round() as u64),
    }
}

/// Memory in bytes: `"512Mi"`, `"1G"`, `"1073741824"`.
pub fn memory_bytes(value: &Value) -> Option<u64> {
    let text = match value {
        Value::Number(n) => return n.as_u64(),
        Value::String(s) => s.trim(),
        _ => return None,
    };
    const UNITS: [(&str, f64); 12] = [
        ("Ki", 1024.0),
        ("Mi", 1_048_576.0),
        ("Gi", 1_073_741_824.0),
        ("Ti", 1_099_511_627_776.0),
        ("Pi", 1_125_899_906_842_624.0),
        ("Ei", 1_152_921_504_606_846_976.0),
        ("k", 1e3),
        ("M", 1e6),
        ("G", 1e9),
        ("T", 1e12),
        ("P", 1e15),
        ("E", 1e18),
    ];
    let (number, factor) = UNITS
        .iter()
        .find_map(|(suffix, factor)| text.strip_suffix(suffix).map(|n| (n, *factor)))
        .unwrap_or((text, 1.0));
    number
        .parse::<f64>()
        .ok()
        .filter(|n| *n >= 0.0)
        .map(|n| (n * factor).round() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tfmap_core::json;

    #[test]
    fn parses_quantities() {
        assert_eq!(cpu_millis(&json!("500m")), Some(500));
        assert_eq!(cpu_millis(&json!("16")), Some(16_000));
        assert_eq!(cpu_millis(&json!(0.25)), Some(250));
        assert_eq!(memory_bytes(&json!("120Gi")), Some(128_849_018_880));
        assert_eq!(memory_bytes(&json!("1G")), Some(1_000_000_000));
        assert_eq!(memory_bytes(&json!("x")), None);
    }
}
