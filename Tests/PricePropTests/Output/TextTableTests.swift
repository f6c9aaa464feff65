import Testing
import PriceProp
@testable import PricePropOutput

@Suite struct TextTableTests {
    @Test func alignsTextLeftAndNumbersRight() {
        var table = TextTable(header: ["good", "price", "adjoint", "ticks"], significantDigits: 6)
        table.append(["plastic", 1.5, 1.5, 120])
        table.append(["polyethylene", 0.375, .number(1.0 / 3.0), 7])
        table.append(["natgas", .number(.nan), .empty, 12_345])
        let expected = """
            good          price   adjoint  ticks
            ------------  -----  --------  -----
            plastic         1.5       1.5    120
            polyethylene  0.375  0.333333      7
            natgas            —            12345

            """
        #expect(table.rendered == expected)
    }

    @Test func mixedColumnIsLeftAligned() {
        var table = TextTable(header: ["k", "v"])
        table.append(["a", 1])
        table.append(["b", "n/a"])
        #expect(table.rendered == "k  v\n-  ---\na  1\nb  n/a\n")
    }

    @Test func shortRowsArePadded() {
        var table = TextTable(header: ["a", "b"])
        table.append([1])
        #expect(table.rendered == "a  b\n-  -\n1\n")
    }
}
