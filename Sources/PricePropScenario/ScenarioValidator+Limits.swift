// MARK: - Sizes no scenario needs

extension ScenarioValidator {
    /// The longest name accepted for the scenario, a good, a firm or a parameter, in UTF-8 bytes. Names are
    /// echoed in messages, tables and CSV headers, and compared for suggestions; far longer than any real one.
    static let maximumNameLength = 1_000

    /// Reports every name longer than ``maximumNameLength``. One pass over the names, each length read in
    /// constant time.
    mutating func checkNameLengths() {
        let limit = Self.maximumNameLength
        func check(_ name: String, at path: @autoclosure () -> JSONPath) {
            let length = name.utf8.count
            if length > limit { report(.nameTooLong(length: length, limit: limit), at: path()) }
        }
        check(scenario.name, at: JSONPath([.key("name")]))
        for parameter in scenario.parameters {
            check(parameter.name, at: JSONPath([.key("parameters"), .key(parameter.name)]))
        }
        for (g, good) in scenario.goods.enumerated() {
            check(good.name, at: JSONPath([.key("goods"), .index(g), .key("name")]))
        }
        for (f, firm) in scenario.firms.enumerated() {
            check(firm.name, at: JSONPath([.key("firms"), .index(f), .key("name")]))
            for parameter in firm.parameters {
                check(parameter.name, at: JSONPath([.key("firms"), .index(f), .key("parameters"), .key(parameter.name)]))
            }
        }
    }
}
