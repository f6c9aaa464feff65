/// Text from input files and command lines made safe to show in a message: nothing it holds can end the
/// line, move the cursor, recolour the terminal or hide in invisible characters, and a huge name cannot bury
/// the message.
///
/// Control characters are shown as escapes (`\n`, `\t`, `\r`, `\0`, `\e` for ESC, `\u{7F}` for the rest),
/// as are the Unicode line and paragraph separators and the bidirectional overrides; text longer than a limit
/// keeps its start and end with the middle replaced by a count of what was left out.
package enum MessageText {
    /// Longest line shown whole, in characters.
    package static let defaultLimit = 400

    /// `text` escaped and, past `limit` characters, shortened in the middle.
    /// - Complexity: O(n) in the length of `text`.
    package static func line(_ text: String, limit: Int = defaultLimit) -> String {
        // Most messages hold nothing to escape: they are returned as they are, without a copy.
        guard text.unicodeScalars.contains(where: { escape($0) != nil }) else { return shortened(text, limit: limit) }
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            if let replacement = escape(scalar) { escaped += replacement } else { escaped.unicodeScalars.append(scalar) }
        }
        return shortened(escaped, limit: limit)
    }

    /// `text` with its middle replaced by `…(N characters)…` when longer than `limit` characters.
    package static func shortened(_ text: String, limit: Int = defaultLimit) -> String {
        let count = text.count
        guard count > limit else { return text }
        let head = limit * 2 / 3, tail = limit / 4
        return String(text.prefix(head)) + "…(\(count - head - tail) characters)…" + String(text.suffix(tail))
    }

    /// The visible form of a scalar that must not reach a terminal raw, `nil` for one that may.
    package static func escape(_ scalar: Unicode.Scalar) -> String? {
        switch scalar.value {
        case 0x0A: return "\\n"
        case 0x09: return "\\t"
        case 0x0D: return "\\r"
        case 0x00: return "\\0"
        case 0x1B: return "\\e"
        case 0x01...0x1F, 0x7F...0x9F, 0x2028, 0x2029, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069, 0xFEFF:
            return "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
        default: return nil
        }
    }
}
