// The library product: every layer under one name, so `import PriceProp` gives the whole public API.
@_exported import PricePropAnalysis
@_exported import PricePropBasics
@_exported import PricePropComparator
@_exported import PricePropEconomy
@_exported import PricePropExpression
@_exported import PricePropMarket
@_exported import PricePropOutput
@_exported import PricePropScenario
@_exported import PricePropSimulation
