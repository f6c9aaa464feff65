print("priceprop")
