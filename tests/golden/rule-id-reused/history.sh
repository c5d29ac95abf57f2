# C-0002 is added, deleted, then a new customer takes the same id.
mv customers/C-0002.yaml ../C-0002.final
printf 'id: C-0002\nname: 东方机械\nregion: 华东\n' >customers/C-0002.yaml
commit "Add customer C-0002"
rm customers/C-0002.yaml
commit "Remove customer C-0002"
mv ../C-0002.final customers/C-0002.yaml
commit "Add customer C-0002" 李工
