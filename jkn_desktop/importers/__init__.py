"""Reading the spreadsheets villages have (OpenSID, Dukcapil SIAK, hand-made lists) into the registry."""
