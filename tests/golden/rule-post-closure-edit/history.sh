# SR-01 is closed with 3 labor hours, then edited to 5 after its closure.
sed 's/^labor_hours: 5/labor_hours: 3/' service/SR-01.md >service/SR-01.tmp
mv service/SR-01.md ../SR-01.final
mv service/SR-01.tmp service/SR-01.md
commit "Close SR-01"
mv ../SR-01.final service/SR-01.md
commit "Correct the labor hours of SR-01" 李工
# SR-02 is closed, reopened to change it (status and the fields the closing
# gave it, nothing else: a reopening, no warning), changed while open, and
# closed again: no edit after closure.
sr02() {
	printf -- '---\nid: SR-02\ntype: maintenance\nstatus: %s\ncustomer: C-0001\nreported: 2025-12-05T09:00\n%stechnicians: [ST-001]\nlabor_hours: %s\n---\n年度保养。\n' "$@" >service/SR-02.md
}
closed='resolved: 2025-12-06T09:00
closed: 2025-12-06T10:00
'
sr02 closed "$closed" 2
commit "Close SR-02"
sr02 in_progress "" 2
commit "Reopen SR-02 to correct it" 李工
sr02 in_progress "" 4
commit "Correct the labor hours of SR-02" 李工
sr02 closed "$closed" 4
commit "Close SR-02 again" 李工
# SR-03 is "reopened" in a commit that also changes its labor hours: an edit.
sed 's/SR-02/SR-03/' service/SR-02.md >service/SR-03.md
commit "Close SR-03"
sed 's/^status: closed/status: in_progress/; s/^labor_hours: 4/labor_hours: 6/; /^closed:/d' service/SR-03.md >service/SR-03.tmp
mv service/SR-03.tmp service/SR-03.md
commit "Reopen SR-03 with more hours" 李工
