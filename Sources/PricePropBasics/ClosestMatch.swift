/// The candidate nearest to `word` by edit distance, if it is close enough to be a plausible typo.
///
/// Close enough means at most a third of the word's length in edits (at least one, at most
/// ``maximumSuggestionDistance``), the convention of "did you mean" hints in compilers and argument parsers.
/// Words longer than ``maximumSuggestionLength`` bytes get no suggestion, and are none.
/// - Complexity: O(n · d) per candidate for a word of n characters and the bound d; candidates whose length
///   differs from the word's by more than d are skipped without comparing, so a huge mistyped name costs
///   linear time, not quadratic.
package func closestMatch(to word: String, among candidates: some Sequence<String>) -> String? {
    // Names are at most 1,000 bytes; nothing longer is worth suggesting, or suggesting for.
    guard word.utf8.count <= maximumSuggestionLength else { return nil }
    let lowered = Array(word.lowercased())
    var limit = min(max(1, lowered.count / 3), maximumSuggestionDistance)
    var best: String?
    for candidate in candidates where candidate.utf8.count <= maximumSuggestionLength {
        let other = Array(candidate.lowercased())
        guard abs(other.count - lowered.count) <= limit,
              let distance = boundedEditDistance(lowered, other, limit: limit) else { continue }
        best = candidate
        if distance == 0 { break }
        // Later candidates must beat this one (ties keep the first).
        limit = distance - 1
    }
    return best
}

/// The most edits a suggestion may be away from what was typed.
package let maximumSuggestionDistance = 8

/// The longest word, in UTF-8 bytes, that gets or becomes a suggestion.
package let maximumSuggestionLength = 1_000

/// Edit distance between two strings, in characters: insertions, deletions, substitutions and swaps of two
/// adjacent characters each count one (optimal string alignment), since swapped letters are a common typo.
package func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    return boundedEditDistance(a, b, limit: max(a.count, b.count)) ?? max(a.count, b.count)
}

/// ``editDistance(_:_:)`` when it is at most `limit`, else `nil`; only cells within `limit` of the diagonal
/// are computed (a cell farther away costs more than `limit`), and it stops as soon as a whole row exceeds it.
func boundedEditDistance(_ a: [Character], _ b: [Character], limit: Int) -> Int? {
    if abs(a.count - b.count) > limit { return nil }
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    let beyond = limit + 1
    var beforePrevious = [Int](repeating: beyond, count: b.count + 1)
    var previous = (0...b.count).map { min($0, beyond) }
    var current = [Int](repeating: beyond, count: b.count + 1)
    for i in 1...a.count {
        let low = max(1, i - limit), high = min(b.count, i + limit)
        current[low - 1] = low == 1 ? min(i, beyond) : beyond
        var rowBest = current[low - 1]
        for j in low...high {
            let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
            var cell = min(previous[j] + 1, current[j - 1] + 1, substitution)
            if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                cell = min(cell, beforePrevious[j - 2] + 1)
            }
            current[j] = min(cell, beyond)
            rowBest = min(rowBest, current[j])
        }
        if high < b.count { current[high + 1] = beyond }
        if rowBest > limit { return nil }
        (beforePrevious, previous, current) = (previous, current, beforePrevious)
    }
    return previous[b.count] <= limit ? previous[b.count] : nil
}

/// The suffix of an error message that offers `suggestion`: `; did you mean 'natgas'?`, or nothing without one.
/// Every "did you mean" hint is spelt here.
package func didYouMean(_ suggestion: String?) -> String {
    suggestion.map { "; did you mean '\($0)'?" } ?? ""
}

/// The "did you mean" suffix for the candidate nearest to `word` (see ``closestMatch(to:among:)``).
package func didYouMean(_ word: String, among candidates: some Sequence<String>) -> String {
    didYouMean(closestMatch(to: word, among: candidates))
}
