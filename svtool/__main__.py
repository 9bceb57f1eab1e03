from svtool.cli import main

raise SystemExit(main())
