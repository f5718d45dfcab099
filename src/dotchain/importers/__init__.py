"""Import: turn organisation data people already have (an HR spreadsheet, a Backstage catalog) into a
clean, commented org file that `dotchain check` loads."""
