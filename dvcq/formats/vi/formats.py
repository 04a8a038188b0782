# Vietnamese administrative usage: 23/10/2024 and 78,50 (Django's vi locale writes 23-10-2024).
DATE_FORMAT = r"\n\g\à\y d/m/Y"
SHORT_DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = r"H:i \n\g\à\y d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
MONTH_DAY_FORMAT = "d/m"
YEAR_MONTH_FORMAT = r"\t\h\á\n\g m/Y"
TIME_FORMAT = "H:i"
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = ["%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y", "%Y-%m-%d %H:%M:%S"]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
FIRST_DAY_OF_WEEK = 1
