// The library product: every layer under one name, so `import PriceProp` gives the whole public API.
@_exported import PricePropBasics
@_exported import PricePropExpression
@_exported import PricePropScenario
@_exported import PricePropEconomy
@_exported import PricePropMarket
@_exported import PricePropSimulation
@_exported import PricePropComparator
@_exported import PricePropOutput
@_exported import PricePropAnalysis
