// The parts of ECharts the impact report draws with, registered once: bar, line and pie charts
// on a canvas, with grid, tooltip, legend and a title for "no data". Importing only these keeps
// the report's chunk small.
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import { use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, TitleComponent, TooltipComponent, CanvasRenderer]);
