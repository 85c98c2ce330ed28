set terminal svg size 900,500 noenhanced
set output '.svg'
set title 'power by class'
set ylabel 'W'
set style data histograms
set style histogram rowstacked
set style fill solid 0.8 border -1
set key outside right
set xtics rotate by -30
plot for [c=2:7] '.dat' using c:xtic(1) title columnheader(c)
