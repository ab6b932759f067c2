
set terminal svg size 1200,620 dynamic enhanced font 'sans,12' background '#ffffff'
set output '/work/main/bench/results/results-cpu.svg'
set title "WebAssembly runtimes vs native: median CPU time of 3 runs (2026-11-25 18:07, load 1.86 1.73 2.27)\ngeomean of mosaic/wasm3 over coremark+hash+float+calls: 0.57" font 'sans,12'
set datafile missing '?'
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set logscale y 10
set yrange [0.5:*]
set ytics (0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000)
set grid ytics lc rgb '#dddddd'
set ylabel 'CPU time / native CPU time (log scale, lower is better)'
set key top left horizontal
set xtics nomirror rotate by -30
set arrow from graph 0, first 1 to graph 1, first 1 nohead lc rgb '#000000' dt 2
set xlabel 'dashed line: native. A missing bar: every run failed or the runtime lacks the feature (see the report).' font 'sans,10' tc rgb '#555555'
plot '/work/main/bench/results/results-cpu.dat' using 2:xtic(1) title 'mosaic' lc rgb '#d62728', '/work/main/bench/results/results-cpu.dat' using 3:xtic(1) title 'node' lc rgb '#7f7f7f', '/work/main/bench/results/results-cpu.dat' using 4:xtic(1) title 'wasm3' lc rgb '#1f77b4', '/work/main/bench/results/results-cpu.dat' using 5:xtic(1) title 'iwasm' lc rgb '#2ca02c'
