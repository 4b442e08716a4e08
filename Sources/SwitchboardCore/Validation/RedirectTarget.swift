/// Where a page may send the browser after signing in: a path on this site, nothing else.
/// Browsers drop tabs and line breaks from addresses and read "\" as "/", so "/\t/evil.example"
/// becomes "//evil.example", another site; any control character, whitespace or backslash
/// makes the target unusable.
public enum RedirectTarget {
    public static func sitePath(_ candidate: String?, fallback: String) -> String {
        guard let candidate, candidate.hasPrefix("/"), !candidate.hasPrefix("//"), candidate.count <= 2000 else { return fallback }
        let unsafe = candidate.unicodeScalars.contains { scalar in
            scalar.value < 0x21 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value) || scalar == "\\"
                || scalar.properties.isWhitespace || scalar.properties.generalCategory == .format
        }
        return unsafe ? fallback : candidate
    }
}
