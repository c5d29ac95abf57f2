# SR-01 is closed with 3 labor hours, then edited to 5 after its closure.
sed 's/^labor_hours: 5/labor_hours: 3/' service/SR-01.md >service/SR-01.tmp
mv service/SR-01.md ../SR-01.final
mv service/SR-01.tmp service/SR-01.md
commit "Close SR-01"
mv ../SR-01.final service/SR-01.md
commit "Correct the labor hours of SR-01" 李工
