import Testing
@testable import PricePropBasics

@Suite struct PackedStringsTests {
    @Test func givesBackEveryStringInOrder() {
        let strings = ["A * g3_2498^a1 * g3_1466^a2 * g3_34^a3", "", "x", "crème brûlée · 日本", "", "sqrt(a) + log(b)"]
        let packed = PackedStrings(strings)
        #expect(packed.count == strings.count)
        #expect(Array(packed) == strings)
        #expect(packed[3] == "crème brûlée · 日本")
        var appended = PackedStrings()
        for string in strings { appended.append(string) }
        #expect(appended == packed)
        #expect(PackedStrings().isEmpty)
    }
}
